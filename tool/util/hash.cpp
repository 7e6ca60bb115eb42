#include "util/hash.hpp"

#include <new>

#include <xxhash.h>

namespace util {

std::uint64_t hash64(std::string_view data, std::uint64_t seed) {
  return XXH64(data.data(), data.size(), seed);
}

std::string hex64(std::uint64_t value) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = k_digits[value & 0xf];
    value >>= 4;
  }
  return out;
}

Hasher64::Hasher64(std::uint64_t seed) : m_state(XXH64_createState()) {
  if (!m_state) throw std::bad_alloc();
  XXH64_reset(static_cast<XXH64_state_t*>(m_state), seed);
}

Hasher64::~Hasher64() { XXH64_freeState(static_cast<XXH64_state_t*>(m_state)); }

Hasher64& Hasher64::add(std::string_view data) {
  XXH64_update(static_cast<XXH64_state_t*>(m_state), data.data(), data.size());
  return *this;
}

std::uint64_t Hasher64::digest() const { return XXH64_digest(static_cast<const XXH64_state_t*>(m_state)); }

}  // namespace util
