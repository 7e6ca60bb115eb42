#include "sources/bundle.hpp"

#include "sources/bundle_stats.hpp"
#include "sources/file_sizes.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"
#include "util/json.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"
#include "util/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

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

BundleStats read_stats(const std::string& file, const util::Cache& cache) {
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

util::Cache cache_for(const BundleInputs& inputs) {
  if (!inputs.use_cache) return util::Cache("");
  return util::Cache(inputs.cache_dir.empty() ? util::Cache::default_dir() : inputs.cache_dir);
}

// Where the files of `stats` (read from `stats_file`) are on disk.
std::string dist_for(const BundleInputs& inputs, const BundleStats& stats, const std::string& stats_file) {
  if (inputs.dist) return *inputs.dist;
  std::error_code ec;
  if (!stats.output_path.empty() && fs::is_directory(stats.output_path, ec)) return stats.output_path;
  const fs::path dir = fs::path(stats_file).parent_path();
  if (stats.kind == "vite" && dir.filename() == ".vite") return dir.parent_path().string();
  if (stats.kind == "vite") return dir.empty() ? "." : dir.string();
  throw util::Error(stats_file, "the stats' outputPath \"" + stats.output_path + "\"" +
                                    (stats.compiler.empty() ? std::string() : " (compiler " + stats.compiler + ")") +
                                    " is not a folder here; give the built files with --dist DIR"
                                    " (or --dist NAME=DIR for each compiler)");
}

// esbuild names its outputs relative to the folder it ran in, which may be the
// metafile's folder, one of its parents, or a sibling of the output folder
// (`--outdir=../dist`). Find that folder — the first of the metafile's folder, its
// parents and the working directory (or --dist when given) under which every
// output the entrypoints name exists — then rebase the names onto the outputs'
// common folder, so that "../dist/main.js" is "main.js" in ".../dist" and the usual
// confinement applies there. Returns the common folder; throws naming the folders tried.
std::string rebase_esbuild(BundleStats& stats, const BundleInputs& inputs, const std::string& stats_file) {
  std::vector<fs::path> bases;
  if (inputs.dist) {
    bases.emplace_back(*inputs.dist);
  } else {
    fs::path dir = fs::path(stats_file).parent_path();
    if (dir.empty()) dir = ".";
    std::error_code ec;
    fs::path absolute = fs::absolute(dir, ec);
    for (int up = 0; up < 8 && !absolute.empty(); ++up) {
      bases.push_back(absolute);
      if (absolute == absolute.parent_path()) break;
      absolute = absolute.parent_path();
    }
    bases.push_back(fs::current_path(ec));
  }
  std::vector<std::string> names;
  for (const auto& e : stats.entrypoints) {
    names.insert(names.end(), e.initial.begin(), e.initial.end());
    names.insert(names.end(), e.async.begin(), e.async.end());
  }
  for (const auto& base : bases) {
    std::error_code ec;
    const bool all = !names.empty() && std::all_of(names.begin(), names.end(), [&](const std::string& n) {
      return !fs::path(n).is_absolute() && fs::exists(base / n, ec);
    });
    if (!all) continue;
    // The outputs' common folder: the longest prefix of their normalised folders.
    fs::path root;
    bool first = true;
    for (const auto& n : names) {
      const fs::path folder = (base / n).lexically_normal().parent_path();
      if (first) {
        root = folder;
        first = false;
        continue;
      }
      fs::path common;
      auto a = root.begin(), b = folder.begin();
      for (; a != root.end() && b != folder.end() && *a == *b; ++a, ++b) common /= *a;
      root = common;
    }
    auto rebase = [&](std::vector<std::string>& list) {
      for (auto& n : list) n = (base / n).lexically_normal().lexically_relative(root).generic_string();
    };
    for (auto& e : stats.entrypoints) {
      rebase(e.initial);
      rebase(e.async);
    }
    return root.empty() ? "." : root.string();
  }
  std::vector<std::string> tried;
  for (const auto& b : bases) tried.push_back(b.string());
  throw util::Error(stats_file, "the esbuild outputs (e.g. \"" + (names.empty() ? std::string("?") : names.front()) +
                                    "\") are not under any folder esbuild may have run in (tried " +
                                    util::join(tried, ", ") + "); give that folder with --dist");
}

// Resolve `name` under `dist`, refusing names that leave it (absolute, "..", or a
// symlink out). Returns "" and sets `error` when refused.
std::string resolve_asset(const std::string& dist, const std::string& name, std::string& error) {
  const fs::path rel(name);
  if (rel.is_absolute()) {
    error = "asset name \"" + name + "\" is absolute; refusing to read outside the dist folder";
    return {};
  }
  for (const auto& part : rel) {
    if (part == "..") {
      error = "asset name \"" + name + "\" climbs out of the dist folder with \"..\"; refusing it";
      return {};
    }
  }
  const fs::path full = fs::path(dist) / rel;
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(full, ec);
  const fs::path root = fs::weakly_canonical(dist, ec);
  if (!ec) {
    const std::string r = root.string();
    const std::string f = real.string();
    if (f.compare(0, r.size(), r) != 0 || (f.size() > r.size() && f[r.size()] != '/')) {
      error = "asset \"" + name + "\" is a link out of the dist folder; refusing it";
      return {};
    }
  }
  return full.string();
}

struct Variant {
  const char* name;
  std::uint64_t compression::Sizes::*field;
};
constexpr Variant k_variants[] = {
  {"gzip", &compression::Sizes::gzip},
  {"brotli", &compression::Sizes::brotli},
  {"raw", &compression::Sizes::raw},
};

// Add one measurement per variant for `files` (sizes known), details largest first.
void add_measurements(SourceResult& result, const std::string& metric, const std::string& subject,
                      const std::vector<std::pair<std::string, compression::Sizes>>& files,
                      const std::vector<std::string>& async, const std::string& origin, bool brotli,
                      const char* what = "initial files", bool async_unlinked = false) {
  for (const auto& variant : k_variants) {
    if (std::string_view(variant.name) == "brotli" && !brotli) continue;
    Measurement m;
    m.metric = metric;
    m.subject = subject;
    m.variant = variant.name;
    m.unit = budget::Unit::bytes;
    m.origin = origin;
    double total = 0;
    for (const auto& [name, sizes] : files) {
      const double v = static_cast<double>(sizes.*variant.field);
      total += v;
      m.details.push_back({name, v, {}});
    }
    std::stable_sort(m.details.begin(), m.details.end(), [](const Detail& a, const Detail& b) {
      return a.value != b.value ? a.value > b.value : a.name < b.name;
    });
    for (const auto& a : async) {
      m.details.push_back({a, 0, async_unlinked ? "async (one of the build's: the stats do not link async chunks to "
                                                  "entrypoints), not counted"
                                                : "async, not counted"});
    }
    m.value = total;
    m.note = std::to_string(files.size()) + " " + what;
    result.measurements.push_back(std::move(m));
  }
}

struct Planned {
  std::string subject;
  std::string dist;
  std::string origin;
  const BundleEntrypoint* entry;
};

void plan(const BundleStats& stats, const std::string& prefix, const std::string& dist, const std::string& origin,
          std::vector<Planned>& out) {
  if (stats.entrypoints.empty()) {
    throw util::Error(origin, (prefix.empty() ? std::string("the stats name") : "compiler " + prefix.substr(0, prefix.size() - 1) + " names") +
                                  " no entrypoint; write the stats with entrypoints (webpack's default preset, "
                                  "`stats: {entrypoints: true}`)");
  }
  for (const auto& e : stats.entrypoints) out.push_back({prefix + e.name, dist, origin, &e});
}

}  // namespace

SourceResult read_bundle(const BundleInputs& inputs) {
  SourceResult result;
  result.source = "bundle";
  const util::Cache cache = cache_for(inputs);

  std::vector<BundleStats> all_stats;
  all_stats.reserve(inputs.stats.size());
  std::vector<Planned> planned;
  for (const auto& file : inputs.stats) {
    try {
      all_stats.push_back(read_stats(file, cache));
    } catch (const util::Error& e) {
      result.errors.push_back({"bundle", "", "", e.message()});
      continue;
    }
    const BundleStats& stats = all_stats.back();
    try {
      if (stats.children.empty()) {
        if (stats.kind == "esbuild") {
          const std::string root = rebase_esbuild(all_stats.back(), inputs, file);
          plan(stats, "", root, file, planned);
        } else {
          plan(stats, "", dist_for(inputs, stats, file), file, planned);
        }
      } else {
        // Each compiler may write to a folder of its own: with one --dist ROOT, the
        // compilers' outputPaths are rebased from their common folder onto ROOT.
        std::vector<fs::path> outputs;
        for (const auto& child : stats.children) {
          if (!child.output_path.empty()) outputs.push_back(fs::path(child.output_path).lexically_normal());
        }
        fs::path common;
        if (outputs.size() == stats.children.size() && !outputs.empty()) {
          common = outputs.front();
          for (const auto& o : outputs) {
            fs::path prefix;
            for (auto a = common.begin(), b = o.begin(); a != common.end() && b != o.end() && *a == *b; ++a, ++b) {
              prefix /= *a;
            }
            common = prefix;
          }
        }
        for (std::size_t c = 0; c < stats.children.size(); ++c) {
          const BundleStats& child = stats.children[c];
          // webpack's default multi-compiler config names no compiler: the index tells them apart.
          const std::string name = child.compiler.empty() ? "compiler-" + std::to_string(c) : child.compiler;
          try {
            std::string dist;
            if (auto named = inputs.compiler_dist.find(name); named != inputs.compiler_dist.end()) {
              dist = named->second;
            } else if (inputs.dist && !common.empty() && !child.output_path.empty()) {
              const fs::path rel = fs::path(child.output_path).lexically_normal().lexically_relative(common);
              dist = (fs::path(*inputs.dist) / rel).lexically_normal().string();
            } else {
              dist = dist_for(inputs, child, file);
            }
            plan(child, name + "/", dist, file, planned);
          } catch (const util::Error& e) {
            result.errors.push_back({"bundle", "", "", e.message()});
          }
        }
      }
    } catch (const util::Error& e) {
      result.errors.push_back({"bundle", "", "", e.message()});
    }
  }

  // Resolve every file once, measure them all in parallel, then sum per entrypoint.
  std::vector<std::string> paths;
  std::map<std::string, std::size_t> index;
  std::map<const Planned*, std::vector<std::pair<std::string, std::string>>> resolved;  // name, path
  for (const auto& p : planned) {
    auto& files = resolved[&p];
    if (p.entry->filtered > 0) {
      result.errors.push_back({"bundle", p.subject, p.origin,
                               "entrypoint " + p.subject + ": the stats left out " + std::to_string(p.entry->filtered) +
                                   " of its assets (filteredAssets; webpack's stats.chunkGroupMaxAssets); write the "
                                   "stats with the default preset or chunkGroupMaxAssets: Infinity"});
      continue;
    }
    if (p.entry->initial.empty()) {
      // Never "0 B": an entrypoint whose stats list no JS or CSS cannot be measured.
      std::string listed = p.entry->other.empty() ? std::string("no assets at all")
                                                  : "only " + util::join(p.entry->other, ", ");
      if (listed.size() > 200) listed = listed.substr(0, 200) + "...";
      result.errors.push_back({"bundle", p.subject, p.origin,
                               "entrypoint " + p.subject + " has no JS or CSS file in the stats (" + listed +
                                   "); nothing to measure"});
      continue;
    }
    for (const auto& name : p.entry->initial) {
      std::string error;
      const std::string path = resolve_asset(p.dist, name, error);
      if (path.empty()) {
        result.errors.push_back({"bundle", p.subject, p.origin, "entrypoint " + p.subject + ": " + error});
        continue;
      }
      if (index.try_emplace(path, paths.size()).second) paths.push_back(path);
      files.emplace_back(name, path);
    }
  }
  const std::vector<FileSize> sizes = measure_files(paths, inputs.jobs, cache, inputs.brotli);

  std::set<std::string> subjects_seen;
  std::vector<std::pair<std::string, compression::Sizes>> total_files;
  std::set<std::string> total_seen;
  bool total_complete = true;
  for (const auto& p : planned) {
    Subject subject{p.subject, {}, {}, false, {p.origin}, {}};
    std::vector<std::pair<std::string, compression::Sizes>> files;
    bool complete = true;
    for (const auto& [name, path] : resolved[&p]) {
      const FileSize& fs_result = sizes[index[path]];
      if (!fs_result.sizes) {
        result.errors.push_back({"bundle", p.subject, p.origin,
                                 "entrypoint " + p.subject + " needs " + path + ", which cannot be read: " +
                                     fs_result.error + " (is --dist the folder the build wrote?)"});
        complete = false;
        continue;
      }
      files.emplace_back(name, *fs_result.sizes);
      // initial:total is what one browser loads: a legacy (nomodule) build is loaded
      // instead of the modern one, never beside it, so it is not added in.
      if (!p.entry->legacy && total_seen.insert(path).second) total_files.emplace_back(name, *fs_result.sizes);
    }
    if (resolved[&p].size() != p.entry->initial.size() || p.entry->initial.empty()) complete = false;
    if (!subjects_seen.insert(p.subject).second) {
      result.errors.push_back({"bundle", p.subject, p.origin, "two entrypoints are named " + p.subject});
      continue;
    }
    subject.failed = !complete;
    result.subjects.push_back(subject);
    total_complete = total_complete && complete;
    if (!complete) continue;  // never counted as 0: the error above says why
    add_measurements(result, "entrypoint:" + p.subject, p.subject, files, p.entry->async, p.origin, inputs.brotli,
                     "initial files", p.entry->async_unlinked);
  }
  if (!planned.empty() && total_complete) {
    result.subjects.push_back({"all entrypoints", {}, {}, false, inputs.stats, {}});
    add_measurements(result, "initial:total", "all entrypoints", total_files, {}, util::join(inputs.stats, ", "),
                     inputs.brotli);
  }
  return result;
}

SourceResult read_files(const BundleInputs& inputs) {
  SourceResult result;
  result.source = "files";
  if (!inputs.dist) return result;
  const std::string& dist = *inputs.dist;
  std::error_code ec;
  if (!fs::is_directory(dist, ec)) {
    result.errors.push_back({"files", "", dist, fs::exists(dist, ec) ? "is not a folder" : "no such folder"});
    return result;
  }
  std::vector<std::string> names, paths;
  const util::WalkResult walk = util::walk_files(dist);
  std::vector<std::string> listed = walk.files;
  // A link to nothing that a budget names is measured like any file: its error says why it cannot be.
  listed.insert(listed.end(), walk.broken.begin(), walk.broken.end());
  for (const auto& file : listed) {
    std::error_code sec;
    const std::string name = fs::path(file).lexically_relative(dist).generic_string();
    bool wanted = false;
    if (inputs.file_globs.empty()) {
      wanted = !util::ends_with(name, ".map");
    } else {
      for (const auto& g : inputs.file_globs) wanted = wanted || util::glob_match(g, name);
    }
    if (!wanted) continue;
    names.push_back(name);
  }
  if (!walk.error.empty()) result.errors.push_back({"files", "", dist, "cannot list the folder: " + walk.error});
  std::sort(names.begin(), names.end());
  for (const auto& n : names) paths.push_back((fs::path(dist) / n).string());
  const auto sizes = measure_files(paths, inputs.jobs, cache_for(inputs), inputs.brotli);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!sizes[i].sizes) {
      result.errors.push_back({"files", names[i], paths[i], sizes[i].error});
      continue;
    }
    result.subjects.push_back({names[i], {}, {}, false, {paths[i]}, {}});
    add_measurements(result, "file:" + names[i], names[i], {{names[i], *sizes[i].sizes}}, {}, paths[i], inputs.brotli,
                     "file");
  }
  // "files:<glob>": the matching files together, as size-limit sums a path's files.
  for (const auto& glob : inputs.file_globs) {
    std::vector<std::pair<std::string, compression::Sizes>> matched;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (sizes[i].sizes && util::glob_match(glob, names[i])) matched.emplace_back(names[i], *sizes[i].sizes);
    }
    if (matched.empty()) continue;
    result.subjects.push_back({glob, {}, {}, false, {dist}, {}});
    add_measurements(result, "files:" + glob, glob, matched, {}, dist, inputs.brotli, "files");
  }
  return result;
}

}  // namespace sources
