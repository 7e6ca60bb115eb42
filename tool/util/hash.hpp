// A fast 64-bit content hash (the XXH64 algorithm, written from its public
// specification) for cache keys. Not for security.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace util {

// Return the XXH64 hash of `data` with `seed`.
std::uint64_t hash64(std::string_view data, std::uint64_t seed = 0);

// Return `value` as 16 lowercase hex digits.
std::string hex64(std::uint64_t value);

}  // namespace util
