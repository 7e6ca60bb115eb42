#include "sources/file_sizes.hpp"

#include "util/hash.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace sources {

namespace {

// Bump when the meaning of a cached entry changes (compression settings).
constexpr std::string_view k_sizes_space = "sizes-v1";
constexpr std::string_view k_stat_space = "stat-v1";

std::string stat_key(const std::string& path, const struct stat& st) {
  std::ostringstream s;
  s << path << '\0' << st.st_dev << ':' << st.st_ino << ':' << st.st_size << ':' << st.st_mtim.tv_sec << '.'
    << st.st_mtim.tv_nsec << ':' << st.st_ctim.tv_sec << '.' << st.st_ctim.tv_nsec;
  return util::hex64(util::hash64(s.str()));
}

// An entry is "raw gzip brotli", brotli "-" when it was not computed.
std::optional<compression::Sizes> parse_sizes(const std::string& text, bool brotli) {
  std::istringstream in(text);
  compression::Sizes s;
  std::string b;
  if (!(in >> s.raw >> s.gzip >> b)) return std::nullopt;
  if (b != "-") {
    try {
      s.brotli = std::stoull(b);
      s.has_brotli = true;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  if (brotli && !s.has_brotli) return std::nullopt;  // computed again, with brotli
  return s;
}

std::string format_sizes(const compression::Sizes& s) {
  return std::to_string(s.raw) + " " + std::to_string(s.gzip) + " " +
         (s.has_brotli ? std::to_string(s.brotli) : std::string("-")) + "\n";
}

// Read `path` whole; on failure return false with `error` set.
bool read_all(const std::string& path, std::string& out, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

FileSize measure(const std::string& path, const util::Cache& cache, bool brotli) {
  FileSize result{path, std::nullopt, {}};
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    result.error = errno == ENOENT ? "no such file" : std::strerror(errno);
    return result;
  }
  if (!S_ISREG(st.st_mode)) {
    result.error = S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file";
    return result;
  }
  const std::string by_stat = cache.enabled() ? stat_key(path, st) : std::string();
  if (cache.enabled()) {
    if (auto content_key = cache.get(k_stat_space, by_stat)) {
      if (auto text = cache.get(k_sizes_space, *content_key)) {
        if (auto sizes = parse_sizes(*text, brotli)) {
          result.sizes = sizes;
          return result;
        }
      }
    }
  }
  std::string data;
  if (!read_all(path, data, result.error)) return result;
  const std::string content_key = util::hex64(util::hash64(data)) + util::hex64(data.size());
  if (cache.enabled()) {
    if (auto text = cache.get(k_sizes_space, content_key)) {
      if (auto sizes = parse_sizes(*text, brotli)) {
        cache.put(k_stat_space, by_stat, content_key);
        result.sizes = sizes;
        return result;
      }
    }
  }
  result.sizes = compression::all_sizes(data, brotli);
  if (cache.enabled()) {
    cache.put(k_sizes_space, content_key, format_sizes(*result.sizes));
    cache.put(k_stat_space, by_stat, content_key);
  }
  return result;
}

}  // namespace

std::string file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return stat_key(path, st);
}

std::vector<FileSize> measure_files(const std::vector<std::string>& paths, unsigned jobs, const util::Cache& cache,
                                    bool brotli) {
  // Hand out the largest files first so that one big file does not run alone at the end.
  std::vector<std::pair<std::int64_t, std::size_t>> order;
  order.reserve(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    struct stat st {};
    order.emplace_back(::stat(paths[i].c_str(), &st) == 0 ? -static_cast<std::int64_t>(st.st_size) : 0, i);
  }
  std::sort(order.begin(), order.end());
  std::vector<FileSize> out(paths.size());
  util::parallel_for(order.size(), jobs, [&](std::size_t k) {
    const std::size_t i = order[k].second;
    out[i] = measure(paths[i], cache, brotli);
  });
  return out;
}

}  // namespace sources
