#include "util/cache.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"

#include <ctime>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace util {

namespace {

// "pgc2 <length> <xxh64 hex>\n" then the value, where the checksum covers the space,
// the key and the value: an entry copied or moved under another key (or another
// space) is a miss, never another file's answer. "pgc1" entries (whose checksum
// covered the value alone) are refused, removed and rewritten.
constexpr std::string_view k_magic = "pgc2 ";
constexpr std::string_view k_magic_v1 = "pgc1 ";
constexpr std::uint64_t k_default_max = std::uint64_t{256} << 20;

// Read at most `limit` bytes of `path`; nullopt when it cannot be read or is larger.
std::optional<std::string> read_small(const std::string& path, std::size_t limit, std::time_t* mtime = nullptr) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) > limit) {
    ::close(fd);
    return std::nullopt;
  }
  if (mtime) *mtime = st.st_mtime;
  std::string data(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < data.size()) {
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  return data;
}

std::optional<std::uint64_t> parse_cap(std::string_view text) {
  std::uint64_t number = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc()) return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  const std::pair<std::string_view, std::uint64_t> units[] = {
    {"", 1}, {"B", 1}, {"kB", 1000}, {"KB", 1000}, {"MB", 1000000}, {"GB", 1000000000},
    {"KiB", 1024}, {"MiB", 1048576}, {"GiB", 1073741824}};
  for (const auto& [name, factor] : units) {
    if (unit != name) continue;
    if (number > UINT64_MAX / factor) return std::nullopt;  // "99999999999GiB" wraps
    return number * factor;
  }
  return std::nullopt;
}

struct Entry {
  fs::path path;
  std::uint64_t bytes;
  std::int64_t used;  // mtime, in ns: a hit refreshes it
  std::string_view space;
};

// The spaces perfgate writes, current and past (past ones are only ever removed),
// with the width of their shard folders' names: entries live in
// <space>/<first `shard` hex digits of the key>/<key>. The many small entries of file
// sizes use one digit (16 folders): on a cold run, making 256 folders per space cost
// more system time than writing the entries. (The spaces of round 1, whose values
// had no header, are not listed: nothing in them can be verified as perfgate's.)
struct SpaceLayout {
  std::string_view name;
  std::size_t shard;
};
constexpr SpaceLayout k_spaces[] = {
    {"sizes-v3", 1}, {"stat-v3", 1}, {"stats-v2", 2}, {"convert-v2", 2}, {"convert-v1", 2},
    {"sizes-v2", 2}, {"stat-v2", 2}, {"written-v1", 2},
};

std::size_t shard_width(std::string_view space) {
  for (const auto& s : k_spaces) {
    if (s.name == space) return s.shard;
  }
  return 2;
}

bool hex_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::uint64_t entry_checksum(std::string_view space, std::string_view key, std::string_view value) {
  Hasher64 h;
  h.add(space).add(std::string_view("\0", 1)).add(key).add(std::string_view("\0", 1)).add(value);
  return h.digest();
}

// Split "<magic><length> <16 hex>\n<value>": the checksum text and the value, when
// the header is whole and the length is the value's.
std::optional<std::pair<std::string_view, std::string_view>> split_entry(std::string_view entry,
                                                                          std::string_view magic) {
  if (entry.substr(0, magic.size()) != magic) return std::nullopt;
  entry.remove_prefix(magic.size());
  std::uint64_t length = 0;
  auto [ptr, ec] = std::from_chars(entry.data(), entry.data() + entry.size(), length);
  if (ec != std::errc() || ptr == entry.data() || ptr == entry.data() + entry.size() || *ptr != ' ') return std::nullopt;
  entry.remove_prefix(static_cast<std::size_t>(ptr - entry.data()) + 1);
  if (entry.size() < 17 || entry[16] != '\n') return std::nullopt;
  const std::string_view value = entry.substr(17);
  if (value.size() != length) return std::nullopt;
  return std::pair{entry.substr(0, 16), value};
}

// Whether the file at `path` is an entry perfgate wrote under this space and key: the
// current envelope with its key, or a "pgc1" one whose value checksum holds. Nothing
// else is ever removed from a cache folder (it may be a home folder or a project).
bool verified_entry(const fs::path& path, std::string_view space, std::string_view key) {
  auto text = read_small(path.string(), std::size_t{64} << 20);
  if (!text) return false;
  if (Cache::decode_entry(space, key, *text)) return true;
  auto v1 = split_entry(*text, k_magic_v1);
  return v1 && hex64(hash64(v1->second)) == v1->first;
}

// The entries under `dir`: only files laid out as <known space>/<a or ab>/<ab...hex>
// (each is verified before it is removed), so that `perfgate cache clear --cache-dir X` or a trim
// can never remove anything else in X (a home folder, a project).
std::vector<Entry> list_entries(const std::string& dir) {
  std::vector<Entry> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return out;
  for (const SpaceLayout& space : k_spaces) {
    const fs::path space_dir = fs::path(dir) / space.name;
    struct stat sst {};
    if (::lstat(space_dir.c_str(), &sst) != 0 || !S_ISDIR(sst.st_mode)) continue;
    for (const auto& shard : fs::directory_iterator(space_dir, ec)) {
      std::error_code sec;
      const std::string prefix = shard.path().filename().string();
      if (!shard.is_directory(sec) || shard.is_symlink(sec) || prefix.size() != space.shard || !hex_name(prefix)) {
        continue;
      }
      for (const auto& file : fs::directory_iterator(shard.path(), sec)) {
        const std::string name = file.path().filename().string();
        struct stat st {};
        if (name.compare(0, prefix.size(), prefix) != 0 || !hex_name(name) || ::lstat(file.path().c_str(), &st) != 0 ||
            !S_ISREG(st.st_mode)) {
          continue;
        }
        out.push_back({file.path(), static_cast<std::uint64_t>(st.st_size),
                       static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec, space.name});
      }
    }
  }
  return out;
}

// Remove least recently used entries under `dir` until it holds at most `target` bytes.
CacheUsage trim_folder(const std::string& dir, std::uint64_t target) {
  std::vector<Entry> entries = list_entries(dir);
  std::uint64_t total = 0;
  for (const auto& e : entries) total += e.bytes;
  CacheUsage removed;
  if (total <= target) return removed;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.used != b.used ? a.used < b.used : a.path < b.path;
  });
  for (const auto& e : entries) {
    if (total <= target) break;
    // Checked only here, before removing: the walk that sums the folder opens nothing.
    if (!verified_entry(e.path, e.space, e.path.filename().string())) continue;
    std::error_code ec;
    if (fs::remove(e.path, ec)) {
      total -= e.bytes;
      ++removed.entries;
      removed.bytes += e.bytes;
    }
  }
  return removed;
}

}  // namespace

struct Cache::State {
  explicit State(std::string d) : dir(std::move(d)) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  // After a run that wrote entries: the folder's size is kept as an estimate in
  // <dir>/usage-v1 (the last measured total plus what each run wrote since); only
  // when the estimate passes the cap is the folder walked, measured and trimmed.
  // A walk of a large cache costs more than a whole warm check, so it is not done on
  // every run. (Two runs at once may each miss the other's bytes: the estimate can
  // only run low by what concurrent runs wrote, and the next walk corrects it.)
  ~State() {
    if (written_bytes.load() == 0) return;
    try {
      const std::uint64_t cap = max_bytes();
      const std::string usage_file = dir + "/usage-v1";
      // No estimate yet: a new folder (0), or one written before estimates were kept
      // (it is walked once the estimate passes the cap).
      std::uint64_t estimate = 0;
      bool ours = true;
      if (auto text = read_small(usage_file, 64)) {
        auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), estimate);
        ours = ec == std::errc() && ptr + 1 == text->data() + text->size() && *ptr == '\n';
        if (!ours) estimate = cap + 1;  // not an estimate perfgate wrote: measure
      } else {
        std::error_code ec;
        ours = !fs::exists(fs::symlink_status(usage_file, ec));  // a folder or link there is not ours either
      }
      estimate += written_bytes.load();
      if (estimate > cap) {
        std::uint64_t total = 0;
        for (const auto& e : list_entries(dir)) total += e.bytes;
        if (total > cap) total -= trim_folder(dir, cap / 10 * 8).bytes;
        estimate = total;
      }
      // Never written over a file of that name that perfgate did not write.
      if (ours) write_file_atomic(usage_file, std::to_string(estimate) + "\n", /*durable=*/false);
    } catch (...) {
      // Trimming only saves space; it never fails a run.
    }
  }
  std::string dir;
  std::atomic<std::uint64_t> written_bytes{0};
};

Cache::Cache(std::string dir) : m_dir(std::move(dir)) {
  if (m_dir.empty()) return;
  (void)max_bytes();  // a bad $PERFGATE_CACHE_MAX is an error now, not an unbounded cache later
  m_state = std::make_shared<State>(m_dir);
}

std::string Cache::default_dir() {
  if (const char* dir = std::getenv("PERFGATE_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/perfgate";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/perfgate";
  return {};
}

std::uint64_t Cache::max_bytes() {
  const char* text = std::getenv("PERFGATE_CACHE_MAX");
  if (!text || !*text) return k_default_max;
  auto cap = parse_cap(text);
  if (!cap) throw Error("$PERFGATE_CACHE_MAX", "\"" + std::string(text) + "\" is not a size such as 256MiB or 1GB");
  return *cap;
}

std::string Cache::encode_entry(std::string_view space, std::string_view key, std::string_view value) {
  std::string out(k_magic);
  out += std::to_string(value.size());
  out += ' ';
  out += hex64(entry_checksum(space, key, value));
  out += '\n';
  out += value;
  return out;
}

std::optional<std::string> Cache::decode_entry(std::string_view space, std::string_view key, std::string_view entry) {
  auto parts = split_entry(entry, k_magic);
  if (!parts || hex64(entry_checksum(space, key, parts->second)) != parts->first) return std::nullopt;
  return std::string(parts->second);
}

std::string Cache::path_of(std::string_view space, std::string_view key) const {
  std::string p = m_dir;
  p += '/';
  p += space;
  p += '/';
  p += key.substr(0, shard_width(space));
  p += '/';
  p += key;
  return p;
}

std::optional<std::string> Cache::get(std::string_view space, std::string_view key) const {
  if (!enabled()) return std::nullopt;
  const std::string path = path_of(space, key);
  // Entries are small (a few hundred bytes; parsed stats a few MB at most).
  std::time_t mtime = 0;
  auto text = read_small(path, std::size_t{64} << 20, &mtime);
  if (!text) return std::nullopt;
  auto value = decode_entry(space, key, *text);
  if (!value) {
    ::unlink(path.c_str());  // corrupt or tampered: a miss, rewritten by the caller's put
    return std::nullopt;
  }
  // Used now, for least-recently-used trimming; an entry touched within the hour is
  // left as it is: a warm run of a 250-route build reads ~900 entries, and on a
  // VM each touch is a system call as dear as the read.
  if (std::time(nullptr) - mtime > 3600) ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
  return value;
}

// Entries are written in place, not through a temporary file and a rename: each
// carries its length and checksum, so a reader that meets one half-written (or two
// runs writing the same key, always with the same bytes) sees a miss, never a wrong
// value. Folders are made only when the open says they are missing. On a cold run
// this halves the system time of filling the cache (no rename, no temporary name,
// no stat of every folder before each write).
void Cache::put(std::string_view space, std::string_view key, std::string_view value) const {
  if (!enabled()) return;
  const std::string path = path_of(space, key);
  const std::string entry = encode_entry(space, key, value);
  const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0 && errno == ENOENT) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    fd = ::open(path.c_str(), flags, 0644);
  }
  if (fd < 0) return;  // a read-only or full cache folder only costs speed
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);  // never write into a FIFO or device put there
  std::size_t done = 0;
  while (ok && done < entry.size()) {
    const ssize_t n = ::write(fd, entry.data() + done, entry.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());  // a short entry would only be a miss, but takes space
    return;
  }
  if (m_state) m_state->written_bytes += entry.size();
}

CacheUsage Cache::usage() const {
  CacheUsage u;
  for (const auto& e : list_entries(m_dir)) {
    ++u.entries;
    u.bytes += e.bytes;
  }
  return u;
}

CacheUsage Cache::trim(std::uint64_t target) const { return trim_folder(m_dir, target); }

CacheUsage Cache::clear() const {
  const CacheUsage removed = trim(0);
  // The size estimate starts again from nothing; a file of that name that is not
  // one perfgate wrote (a number and a newline) is left alone.
  const std::string usage_file = m_dir + "/usage-v1";
  if (auto text = read_small(usage_file, 64)) {
    const bool ours = text->size() >= 2 && text->back() == '\n' &&
                      text->find_first_not_of("0123456789") == text->size() - 1;
    if (ours) ::unlink(usage_file.c_str());
  }
  return removed;
}

}  // namespace util
