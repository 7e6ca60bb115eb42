#include "sources/bundles/file_sizes.hpp"

#include "util/hash.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace sources {

namespace {

// Bump when the meaning of a cached entry changes (compression settings).
// (v2: entries carry a checksum, see util/cache.hpp; v3: one-digit shard folders.)
constexpr std::string_view k_sizes_space = "sizes-v3";
constexpr std::string_view k_stat_space = "stat-v3";

std::string stat_key(const std::string& path, const struct stat& st) {
  std::ostringstream s;
  s << path << '\0' << st.st_dev << ':' << st.st_ino << ':' << st.st_size << ':' << st.st_mtim.tv_sec << '.'
    << st.st_mtim.tv_nsec << ':' << st.st_ctim.tv_sec << '.' << st.st_ctim.tv_nsec;
  return util::hex64(util::hash64(s.str()));
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
        if (auto sizes = parse_size_entry(*text, brotli, static_cast<std::uint64_t>(st.st_size))) {
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
      if (auto sizes = parse_size_entry(*text, brotli, data.size())) {
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

// An entry is "raw gzip brotli\n", brotli "-" when it was not computed. Anything
// else (and sizes that cannot be: gzip output is never empty) is a miss.
std::optional<compression::Sizes> parse_size_entry(std::string_view text, bool brotli, std::uint64_t raw_size) {
  if (text.empty() || text.back() != '\n') return std::nullopt;
  text.remove_suffix(1);
  std::string_view fields[3];
  for (int i = 0; i < 3; ++i) {
    const std::size_t space = text.find(' ');
    if ((i < 2) == (space == std::string_view::npos)) return std::nullopt;
    fields[i] = text.substr(0, space);
    text.remove_prefix(i < 2 ? space + 1 : text.size());
  }
  auto whole = [](std::string_view f, std::uint64_t& out) {
    auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), out);
    return !f.empty() && ec == std::errc() && end == f.data() + f.size();
  };
  compression::Sizes s;
  if (!whole(fields[0], s.raw) || !whole(fields[1], s.gzip)) return std::nullopt;
  if (fields[2] != "-") {
    if (!whole(fields[2], s.brotli) || s.brotli == 0) return std::nullopt;
    s.has_brotli = true;
  }
  if (s.raw != raw_size || s.gzip == 0) return std::nullopt;  // not this file's entry
  if (brotli && !s.has_brotli) return std::nullopt;  // computed again, with brotli
  return s;
}

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
