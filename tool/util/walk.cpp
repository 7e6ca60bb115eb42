#include "util/walk.hpp"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace util {

WalkResult walk_files(const std::string& dir) {
  WalkResult result;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code sec;
    // is_regular_file follows a link: a link to a file counts, a link to a folder
    // is neither followed nor listed.
    if (it->is_regular_file(sec)) {
      result.files.push_back(it->path().string());
    } else if (it->is_symlink(sec) && !fs::exists(it->path(), sec)) {
      result.broken.push_back(it->path().string());
    }
  }
  if (ec) result.error = ec.message();
  std::sort(result.files.begin(), result.files.end());
  std::sort(result.broken.begin(), result.broken.end());
  return result;
}

}  // namespace util
