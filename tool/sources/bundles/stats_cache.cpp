// Parsed stats in the cache (space stats-v2): an unchanged stats file of any size is not
// parsed again. The entry format and its strict parser (a miss, never a wrong
// entrypoint), and read_stats.
#include "sources/bundles/bundle.hpp"

#include "sources/bundles/file_sizes.hpp"
#include "sources/bundles/measure.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/json.hpp"

#include <algorithm>
#include <filesystem>

namespace sources {

namespace {

// Parsed stats are cached by the stats file's identity, so that a warm run does not
// even parse a large stats file. One line per item; any field with a newline or tab
// is not cached. The cache checks each entry's checksum; this parser still
// refuses anything it would not write (a miss, never a wrong entrypoint).
std::string serialize(const BundleStats& s) {
  std::string out = "S\t" + s.kind + "\t" + s.compiler + "\t" + s.output_path + "\n";
  for (const auto& e : s.entrypoints) {
    out += "E\t" + e.name + "\n";
    for (const auto& f : e.initial) out += "I\t" + f + "\n";
    for (const auto& f : e.async) out += "A\t" + f + "\n";
    for (const auto& f : e.other) out += "O\t" + f + "\n";
  }
  for (const auto& c : s.children) out += serialize(c);
  out += "Z\n";
  return out;
}

}  // namespace

std::optional<BundleStats> parse_stats_entry(std::string_view text) {
  BundleStats root;
  std::vector<BundleStats*> open;  // the stats being read: the root, then at most one child
  bool done = false;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos || done) return std::nullopt;
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    if (line == "Z") {
      if (open.empty()) return std::nullopt;
      open.pop_back();
      done = open.empty();
      continue;
    }
    if (line.size() < 2 || line[1] != '\t') return std::nullopt;
    const std::string_view value = line.substr(2);
    if (line[0] == 'S') {
      // Children exist only one level down (webpack's multi-compiler stats).
      if (open.size() >= 2) return std::nullopt;
      BundleStats* s = &root;
      if (!open.empty()) {
        open.back()->children.emplace_back();
        s = &open.back()->children.back();
      } else if (!root.kind.empty()) {
        return std::nullopt;
      }
      const std::size_t t1 = value.find('\t');
      const std::size_t t2 = t1 == std::string_view::npos ? t1 : value.find('\t', t1 + 1);
      if (t2 == std::string_view::npos || value.find('\t', t2 + 1) != std::string_view::npos) return std::nullopt;
      s->kind = std::string(value.substr(0, t1));
      s->compiler = std::string(value.substr(t1 + 1, t2 - t1 - 1));
      s->output_path = std::string(value.substr(t2 + 1));
      if (s->kind.empty()) return std::nullopt;
      open.push_back(s);
      continue;
    }
    if (open.empty()) return std::nullopt;
    BundleStats& s = *open.back();
    if (line[0] == 'E') {
      s.entrypoints.push_back({std::string(value), {}, {}, {}});
      continue;
    }
    if (s.entrypoints.empty()) return std::nullopt;
    auto& e = s.entrypoints.back();
    if (line[0] == 'I') e.initial.emplace_back(value);
    else if (line[0] == 'A') e.async.emplace_back(value);
    else if (line[0] == 'O') e.other.emplace_back(value);
    else return std::nullopt;
  }
  if (!done) return std::nullopt;
  return root;
}

namespace bundles {

namespace {

// Tabs or newlines inside names would break the line format: such stats are not cached.
bool cacheable(const BundleStats& s) {
  auto clean = [](const std::string& v) { return v.find_first_of("\t\n") == std::string::npos; };
  if (!clean(s.kind) || !clean(s.compiler) || !clean(s.output_path)) return false;
  for (const auto& e : s.entrypoints) {
    if (!clean(e.name) || e.filtered > 0 || e.async_unlinked) return false;  // (only entries the cache can hold whole)
    for (const auto& f : e.initial) if (!clean(f)) return false;
    for (const auto& f : e.async) if (!clean(f)) return false;
    for (const auto& f : e.other) if (!clean(f)) return false;
  }
  return std::all_of(s.children.begin(), s.children.end(), cacheable);
}

}  // namespace

BundleStats read_stats(const std::string& file, const util::Cache& cache) {
  // Next.js's manifests are not a bundler's stats: its routes are read from the build.
  const std::filesystem::path p(file);
  const std::string base = p.filename().string();
  std::error_code ec;
  if ((base == "build-manifest.json" || base == "app-build-manifest.json") &&
      std::filesystem::is_directory(p.parent_path() / "server", ec)) {
    const std::string dir = p.parent_path().empty() ? std::string(".") : p.parent_path().string();
    throw util::Error(file, "is Next.js's " + base + ", not a bundler's stats; each route's first load is read from "
                            "the build: give --build " + dir);
  }
  const std::string identity = cache.enabled() ? file_identity(file) : std::string();
  const std::string key = identity.empty() ? std::string() : util::hex64(util::hash64(identity));
  if (!key.empty()) {
    if (auto text = cache.get("stats-v2", key)) {
      if (auto cached = parse_stats_entry(*text)) return std::move(*cached);
    }
  }
  BundleStats stats = parse_bundle_stats(util::json::read_file(file), file);
  if (!key.empty() && cacheable(stats)) cache.put("stats-v2", key, serialize(stats));
  return stats;
}

}  // namespace bundles

}  // namespace sources
