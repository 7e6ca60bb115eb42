#include "util/atomic_file.hpp"

#include "util/error.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <filesystem>
#include <unistd.h>

namespace util {

namespace {
constexpr std::string_view k_tmp_marker = ".perfgate-tmp.";
}

std::string temporary_path_for(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path p(path);
  std::string name = "." + p.filename().string() + std::string(k_tmp_marker) +
                     std::to_string(::getpid()) + "." + std::to_string(counter++);
  return (p.parent_path() / name).string();
}

bool is_temporary_name(std::string_view name) {
  return name.find(k_tmp_marker) != std::string_view::npos;
}

void write_file_atomic(const std::string& path, std::string_view data, bool durable) {
  const std::string tmp = temporary_path_for(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(path, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
  }
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Error(path, std::string("write failed: ") + std::strerror(saved));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if ((durable && ::fsync(fd) != 0) || ::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    throw Error(path, std::string("write failed: ") + std::strerror(saved));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    throw Error(path, std::string("cannot rename the temporary file into place: ") +
                          std::strerror(saved));
  }
}

}  // namespace util

namespace util {

void write_output_file(const std::string& path, std::string_view data) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;  // follows links
  if (!exists || S_ISREG(st.st_mode)) {
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::weakly_canonical(path, ec);
    write_file_atomic(ec ? path : real.string(), data);
    return;
  }
  if (S_ISDIR(st.st_mode)) throw Error(path, "is a directory; give a file name");
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) throw Error(path, std::string("cannot open for writing: ") + std::strerror(errno));
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = n < 0 ? errno : EIO;
      ::close(fd);
      throw Error(path, std::string("write failed: ") + std::strerror(saved));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw Error(path, std::string("write failed: ") + std::strerror(errno));
}

}  // namespace util
