// A small on-disk cache of text values keyed by strings (usually content
// hashes). Each entry is one file written atomically, so concurrent runs can
// share a folder: the worst case is that two runs compute the same entry.
// Unreadable or corrupt entries are misses; a cache that cannot be written is
// silently skipped (it only ever saves time).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

class Cache {
public:
  // A cache in `dir`; an empty `dir` disables it.
  explicit Cache(std::string dir) : m_dir(std::move(dir)) {}

  // Return the default folder: $PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate,
  // else ~/.cache/perfgate, else "" (no cache).
  static std::string default_dir();

  bool enabled() const { return !m_dir.empty(); }
  const std::string& dir() const { return m_dir; }

  // Return the value stored under `space`/`key`, if any.
  std::optional<std::string> get(std::string_view space, std::string_view key) const;

  // Store `value` under `space`/`key` (best effort).
  void put(std::string_view space, std::string_view key, std::string_view value) const;

private:
  std::string path_of(std::string_view space, std::string_view key) const;
  std::string m_dir;
};

}  // namespace util
