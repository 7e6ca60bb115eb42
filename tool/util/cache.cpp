#include "util/cache.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace util {

std::string Cache::default_dir() {
  if (const char* dir = std::getenv("PERFGATE_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/perfgate";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/perfgate";
  return {};
}

std::string Cache::path_of(std::string_view space, std::string_view key) const {
  std::string p = m_dir;
  p += '/';
  p += space;
  p += '/';
  p += key.substr(0, 2);
  p += '/';
  p += key;
  return p;
}

std::optional<std::string> Cache::get(std::string_view space, std::string_view key) const {
  if (!enabled()) return std::nullopt;
  std::ifstream in(path_of(space, key), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Cache::put(std::string_view space, std::string_view key, std::string_view value) const {
  if (!enabled()) return;
  const std::string path = path_of(space, key);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  try {
    write_file_atomic(path, value);
  } catch (const Error&) {
    // A read-only or full cache folder only costs speed.
  }
}

}  // namespace util
