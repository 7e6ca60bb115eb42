// Expected sizes are the peers' own figures from tests/fixtures/webpack/sizes.tsv:
// gzip_zlib9 (zlib 1.2.13 level 9, gzip container) and brotli_q11_node (Node's
// zlib.brotliCompressSync, quality 11).
#include "compress/sizes.hpp"
#include "util/hash.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace {
const std::string k_dir = std::string(PERFGATE_FIXTURES) + "/webpack/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("compression::all_sizes equals zlib -9 and Node's brotli on every shop file") {
  std::ifstream tsv(k_dir + "sizes.tsv");
  std::string line;
  std::getline(tsv, line);  // header
  int checked = 0;
  while (std::getline(tsv, line)) {
    std::istringstream row(line);
    std::string file;
    std::uint64_t raw, gzip_zlib9, gzip_node, gnu_gzip, brotli_node;
    row >> file >> raw >> gzip_zlib9 >> gzip_node >> gnu_gzip >> brotli_node;
    if (file.rfind("shop/", 0) != 0) continue;
    CAPTURE(file);
    const std::string data = slurp(k_dir + file);
    REQUIRE(data.size() == raw);
    const auto sizes = compression::all_sizes(data);
    CHECK(sizes.gzip == gzip_zlib9);
    CHECK(sizes.brotli == brotli_node);
    ++checked;
  }
  CHECK(checked >= 19);
}

TEST_CASE("compression: empty input and levels") {
  CHECK(compression::gzip_size("") == 20);  // header + empty deflate block + trailer
  CHECK(compression::brotli_size("") == 1);
  const std::string text(100000, 'a');
  CHECK(compression::gzip_size(text, 1) >= compression::gzip_size(text, 9));
  CHECK_FALSE(compression::all_sizes(text, false).has_brotli);
}

TEST_CASE("util::hash64 is XXH64") {
  // Reference values of the XXH64 specification's implementation, seed 0.
  CHECK(util::hash64("") == 0xEF46DB3751D8E999ULL);
  CHECK(util::hash64("a") == 0xD24EC4F1A98C6E5BULL);
  CHECK(util::hash64("abc") == 0x44BC2CF5AD770999ULL);
  CHECK(util::hex64(0xEF46DB3751D8E999ULL) == "ef46db3751d8e999");
}
