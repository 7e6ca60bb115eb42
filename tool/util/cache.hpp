// A small on-disk cache of text values keyed by strings (usually content
// hashes). Each entry is one file written atomically, so concurrent runs can
// share a folder: the worst case is that two runs compute the same entry.
//
// Entries verify themselves: each starts with a header holding the value's
// length and an XXH64 checksum over the space, the key and the value, and an entry
// that is truncated, edited, copied under another key or otherwise does not match
// is a miss (and is removed, so the caller's put
// rewrites it). A cache never turns a wrong value into a result; at worst it
// costs the time to compute the value again.
//
// The folder is bounded: after a run that wrote entries, the least recently
// used ones are removed until the folder is under 80% of the cap
// ($PERFGATE_CACHE_MAX, default 256 MiB). A hit marks its entry as used.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace util {

struct CacheUsage {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

class Cache {
public:
  // A cache in `dir`; an empty `dir` disables it.
  explicit Cache(std::string dir);

  // Return the default folder: $PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate,
  // else ~/.cache/perfgate, else "" (no cache).
  static std::string default_dir();

  // Return the size cap in bytes: $PERFGATE_CACHE_MAX ("512MB", "1GiB", bytes), else 256 MiB.
  static std::uint64_t max_bytes();

  bool enabled() const { return !m_dir.empty(); }
  const std::string& dir() const { return m_dir; }

  // Return the value stored under `space`/`key`, if any and intact.
  std::optional<std::string> get(std::string_view space, std::string_view key) const;

  // Store `value` under `space`/`key` (best effort: a read-only or full folder only costs speed).
  void put(std::string_view space, std::string_view key, std::string_view value) const;

  // Return how many entries the folder holds and their bytes.
  CacheUsage usage() const;

  // Remove least recently used entries until the folder holds at most `target` bytes.
  // Return what was removed.
  CacheUsage trim(std::uint64_t target) const;

  // Remove every entry (only files verified as entries perfgate wrote). Return what was removed.
  CacheUsage clear() const;

  // Return `value` wrapped in an entry (header + value) for `space`/`key`, and the value
  // of an entry's text if it is intact and was written for that space and key.
  // Exposed for tests and fuzzing.
  static std::string encode_entry(std::string_view space, std::string_view key, std::string_view value);
  static std::optional<std::string> decode_entry(std::string_view space, std::string_view key, std::string_view entry);

private:
  struct State;
  std::string path_of(std::string_view space, std::string_view key) const;
  std::string m_dir;
  std::shared_ptr<State> m_state;  // shared by copies; trims the folder when the last one goes
};

}  // namespace util
