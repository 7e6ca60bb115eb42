// Bundles measured (source "bundle"): each entrypoint of each stats file, its initial JS
// and CSS found on disk (the stats' outputPath, or --dist) and sized (raw, gzip, brotli),
// and all entrypoints together (initial:total).
#include "sources/bundles/bundle.hpp"

#include "sources/bundles/file_sizes.hpp"
#include "sources/bundles/measure.hpp"
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

namespace bundles {

util::Cache cache_for(const BundleInputs& inputs) {
  if (!inputs.use_cache) return util::Cache("");
  return util::Cache(inputs.cache_dir.empty() ? util::Cache::default_dir() : inputs.cache_dir);
}

namespace {

struct Variant {
  const char* name;
  std::uint64_t compression::Sizes::*field;
};
constexpr Variant k_variants[] = {
  {"gzip", &compression::Sizes::gzip},
  {"brotli", &compression::Sizes::brotli},
  {"raw", &compression::Sizes::raw},
};

}  // namespace

// Add one measurement per variant for `files` (sizes known), details largest first.
void add_measurements(SourceResult& result, const std::string& metric, const std::string& subject,
                      const std::vector<std::pair<std::string, compression::Sizes>>& files,
                      const std::vector<std::string>& async, const std::string& origin, bool brotli,
                      const char* what, bool async_unlinked) {
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

}  // namespace bundles

namespace {

using namespace bundles;

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

  // The folders the built files are read from (the stats' outputPath where --dist was not
  // given): inputs too, that no output may be written into.
  for (const auto& p : planned) {
    if (std::find(result.inputs.begin(), result.inputs.end(), p.dist) == result.inputs.end()) result.inputs.push_back(p.dist);
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
    Subject subject{p.subject, {}, {}, false, {p.origin}, {}, {}};
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
    result.subjects.push_back({"all entrypoints", {}, {}, false, inputs.stats, {}, {}});
    add_measurements(result, "initial:total", "all entrypoints", total_files, {}, util::join(inputs.stats, ", "),
                     inputs.brotli);
  }
  return result;
}

}  // namespace sources
