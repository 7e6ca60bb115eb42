#include "util/hash.hpp"

#include <cstring>

namespace util {

namespace {

constexpr std::uint64_t k_p1 = 11400714785074694791ULL;
constexpr std::uint64_t k_p2 = 14029467366897019727ULL;
constexpr std::uint64_t k_p3 = 1609587929392839161ULL;
constexpr std::uint64_t k_p4 = 9650029242287828579ULL;
constexpr std::uint64_t k_p5 = 2870177450012600261ULL;

std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

std::uint64_t read64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian hosts only (x86-64, arm64)
}

std::uint32_t read32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

std::uint64_t round(std::uint64_t acc, std::uint64_t input) {
  acc += input * k_p2;
  acc = rotl(acc, 31);
  return acc * k_p1;
}

std::uint64_t merge(std::uint64_t acc, std::uint64_t val) {
  acc ^= round(0, val);
  return acc * k_p1 + k_p4;
}

}  // namespace

std::uint64_t hash64(std::string_view data, std::uint64_t seed) {
  const char* p = data.data();
  const char* end = p + data.size();
  std::uint64_t h;
  if (data.size() >= 32) {
    std::uint64_t v1 = seed + k_p1 + k_p2, v2 = seed + k_p2, v3 = seed, v4 = seed - k_p1;
    const char* limit = end - 32;
    do {
      v1 = round(v1, read64(p));
      v2 = round(v2, read64(p + 8));
      v3 = round(v3, read64(p + 16));
      v4 = round(v4, read64(p + 24));
      p += 32;
    } while (p <= limit);
    h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = seed + k_p5;
  }
  h += data.size();
  for (; p + 8 <= end; p += 8) {
    h ^= round(0, read64(p));
    h = rotl(h, 27) * k_p1 + k_p4;
  }
  if (p + 4 <= end) {
    h ^= static_cast<std::uint64_t>(read32(p)) * k_p1;
    h = rotl(h, 23) * k_p2 + k_p3;
    p += 4;
  }
  for (; p < end; ++p) {
    h ^= static_cast<std::uint64_t>(static_cast<unsigned char>(*p)) * k_p5;
    h = rotl(h, 11) * k_p1;
  }
  h ^= h >> 33;
  h *= k_p2;
  h ^= h >> 29;
  h *= k_p3;
  h ^= h >> 32;
  return h;
}

std::string hex64(std::uint64_t value) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = digits[value & 0xf];
    value >>= 4;
  }
  return out;
}

}  // namespace util
