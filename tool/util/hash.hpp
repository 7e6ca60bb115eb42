// A fast 64-bit content hash (XXH64, through Debian's libxxhash) for cache keys and
// cache entry checksums. Not for security.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace util {

// Return the XXH64 hash of `data` with `seed`.
std::uint64_t hash64(std::string_view data, std::uint64_t seed = 0);

// Return `value` as 16 lowercase hex digits.
std::string hex64(std::uint64_t value);

// XXH64 over several pieces, as if they were one string: hashing a cache entry's key
// together with its value needs no copy of the value.
class Hasher64 {
public:
  explicit Hasher64(std::uint64_t seed = 0);
  ~Hasher64();
  Hasher64(const Hasher64&) = delete;
  Hasher64& operator=(const Hasher64&) = delete;
  Hasher64& add(std::string_view data);
  std::uint64_t digest() const;

private:
  void* m_state;
};

}  // namespace util
