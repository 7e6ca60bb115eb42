// Files under --dist measured one by one (source "files"), for file:<glob> budgets, and
// together for files:<glob> (as size-limit sums a path's files).
#include "sources/bundles/bundle.hpp"

#include "sources/bundles/file_sizes.hpp"
#include "sources/bundles/measure.hpp"
#include "util/glob.hpp"
#include "util/strings.hpp"
#include "util/walk.hpp"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace sources {

using namespace bundles;

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
    result.subjects.push_back({names[i], {}, {}, false, {paths[i]}, {}, {}});
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
    result.subjects.push_back({glob, {}, {}, false, {dist}, {}, {}});
    add_measurements(result, "files:" + glob, glob, matched, {}, dist, inputs.brotli, "files");
  }
  return result;
}

}  // namespace sources
