// Listing the files under a folder, the same way for every part that scans one
// (--images, --dist file budgets, `perfgate size DIR`, `images convert DIR`).
#pragma once

#include <string>
#include <vector>

namespace util {

struct WalkResult {
  std::vector<std::string> files;  // paths under the folder ("dir/a/b.js"), sorted
  std::vector<std::string> broken; // symbolic links to nothing (reported, never silently skipped)
  std::string error;               // why the walk stopped early, or ""
};

// Return every regular file under `dir`, symbolic links to files included (a
// folder of linked images is still a folder of images); links to folders are
// not entered, so a link loop cannot trap the walk.
WalkResult walk_files(const std::string& dir);

}  // namespace util
