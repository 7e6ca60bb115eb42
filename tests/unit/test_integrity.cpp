// The pieces that keep a verdict honest: names made safe for a line of output,
// secrets hidden, cache entries that verify themselves, bounded regexes.
#include "sources/bundles/bundle.hpp"
#include "sources/bundles/file_sizes.hpp"
#include "util/cache.hpp"
#include "util/hash.hpp"
#include "util/regex.hpp"
#include "util/strings.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

TEST_CASE("util::printable makes every name one visible line") {
  CHECK(util::printable("main.js") == "main.js");
  CHECK(util::printable("a\n::error::x") == "a\\n::error::x");
  CHECK(util::printable("\r\t\x1b[31m") == "\\r\\t\\x1b[31m");
  CHECK(util::printable("bad\xff.png") == "bad\\xff.png");
  CHECK(util::printable("caf\xc3\xa9") == "caf\xc3\xa9");            // UTF-8 kept
  CHECK(util::printable("\xc2\x85next") == "\\u0085next");           // C1 NEL
  CHECK(util::printable("\xe2\x80\xa8") == "\\u2028");               // line separator
  CHECK(util::printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");       // a surrogate is not UTF-8
  CHECK(util::printable("\xc0\xaf") == "\\xc0\\xaf");                // overlong
}

TEST_CASE("util::valid_utf8 replaces what is not UTF-8") {
  CHECK(util::valid_utf8("ok \xc3\xa9") == "ok \xc3\xa9");
  CHECK(util::valid_utf8("bad\xff") == "bad\xef\xbf\xbd");
  CHECK(util::valid_utf8("\xe2\x82") == "\xef\xbf\xbd\xef\xbf\xbd");  // truncated sequence
}

TEST_CASE("util::redact_secrets hides credentials in every URL of a text") {
  CHECK(util::redact_secrets("http://h/p?token=abc&x=1") == "http://h/p?token=REDACTED&x=1");
  CHECK(util::redact_secrets("https://u:pw@h/p") == "https://***@h/p");
  CHECK(util::redact_secrets("see https://h/r?api_key=K1;sig=S#frag and http://a/b?Access_Token=T") ==
        "see https://h/r?api_key=REDACTED;sig=REDACTED#frag and http://a/b?Access_Token=REDACTED");
  CHECK(util::redact_secrets("http://h/?password=p&page=2&client_secret=s") ==
        "http://h/?password=REDACTED&page=2&client_secret=REDACTED");
  CHECK(util::redact_secrets("no url here: a://") == "no url here: a://");
  CHECK(util::redact_secrets("file.json: x") == "file.json: x");
  CHECK(util::redact_secrets("\"http://u:p@h/\"") == "\"http://***@h/\"");
}

TEST_CASE("util::Cache entries verify themselves, and the key they answer for") {
  const std::string entry = util::Cache::encode_entry("sizes-v3", "ab12", "123 45 -\n");
  CHECK(util::Cache::decode_entry("sizes-v3", "ab12", entry) == std::optional<std::string>("123 45 -\n"));
  std::string tampered = entry;
  tampered[tampered.size() - 4] = '6';  // "123 46 -"
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab12", tampered));
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab12", entry.substr(0, entry.size() - 1)));
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab12", ""));
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab12", "123 45 -\n"));  // an entry of round 1's format
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab12", "pgc2 99999999999999999999999 0000000000000000\nx"));
  // Copied under another key, or into another space: a miss, never that file's answer.
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab13", entry));
  CHECK_FALSE(util::Cache::decode_entry("stat-v3", "ab12", entry));
  // The key and the value are not one string: moving a byte between them is a miss.
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab121", util::Cache::encode_entry("sizes-v3", "ab12", "123 45 -\n").replace(5, 1, "8")));
  // An entry of the previous envelope ("pgc1", the checksum of the value alone) is refused.
  const std::string v1 = "pgc1 9 " + util::hex64(util::hash64("123 45 -\n")) + "\n123 45 -\n";
  CHECK_FALSE(util::Cache::decode_entry("sizes-v3", "ab12", v1));
}

TEST_CASE("util::Hasher64 hashes pieces as one string (the values: test_compress_sizes)") {
  util::Hasher64 h;
  h.add("ab").add("c");
  CHECK(h.digest() == util::hash64("abc"));
}

TEST_CASE("util::Cache: an entry copied over another's is a miss (a 76 kB file never reads 134 B)") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("perfgate-unit-cache-copy-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    util::Cache cache(dir.string());
    cache.put("sizes-v3", "aaaa", "134 120 -\n");
    cache.put("sizes-v3", "abbb", "76000 21000 -\n");
    fs::copy_file(dir / "sizes-v3" / "a" / "aaaa", dir / "sizes-v3" / "a" / "abbb", fs::copy_options::overwrite_existing);
    CHECK_FALSE(cache.get("sizes-v3", "abbb"));
    CHECK(cache.get("sizes-v3", "aaaa") == std::optional<std::string>("134 120 -\n"));
    // A "pgc1" entry left by an earlier version is a miss, removed, and rewritten by put.
    {
      std::ofstream old(dir / "sizes-v3" / "a" / "accc", std::ios::binary);
      old << "pgc1 9 " << util::hex64(util::hash64("123 45 -\n")) << "\n123 45 -\n";
    }
    CHECK_FALSE(cache.get("sizes-v3", "accc"));
    CHECK_FALSE(fs::exists(dir / "sizes-v3" / "a" / "accc"));
    cache.put("sizes-v3", "accc", "123 45 -\n");
    CHECK(cache.get("sizes-v3", "accc") == std::optional<std::string>("123 45 -\n"));
  }
  fs::remove_all(dir);
}

TEST_CASE("util::Cache::clear removes only what it can verify as its own") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("perfgate-unit-cache-clear-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sizes-v3" / "a");
  {
    std::ofstream(dir / "usage-v1") << "my notes, not a number\n";
    std::ofstream(dir / "sizes-v3" / "a" / "abcd") << "a user's file laid out like an entry\n";
    std::ofstream(dir / "sizes-v3" / "a" / "abce") << "pgc2 3 0000000000000000\nabc";  // a forged header
  }
  {
    util::Cache cache(dir.string());
    cache.put("sizes-v3", "a000", "1 2 -\n");
    CHECK(cache.clear().entries == 1);
  }
  CHECK(fs::exists(dir / "usage-v1"));
  CHECK(fs::exists(dir / "sizes-v3" / "a" / "abcd"));
  CHECK(fs::exists(dir / "sizes-v3" / "a" / "abce"));
  CHECK_FALSE(fs::exists(dir / "sizes-v3" / "a" / "a000"));
  std::string text;
  std::getline(std::ifstream(dir / "usage-v1"), text);
  CHECK(text == "my notes, not a number");  // never written over by the run's size estimate either
  // usage-v1 as perfgate writes it is removed by clear.
  { std::ofstream(dir / "usage-v1", std::ios::trunc) << "123\n"; }
  util::Cache(dir.string()).clear();
  CHECK_FALSE(fs::exists(dir / "usage-v1"));
  fs::remove_all(dir);
}

TEST_CASE("util::Cache writes entries in place; a half-written one is a miss, old layouts are still cleared") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("perfgate-unit-cache-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    util::Cache cache(dir.string());
    cache.put("sizes-v3", "abcdef0123456789", "1 2 -\n");
    CHECK(fs::is_regular_file(dir / "sizes-v3" / "a" / "abcdef0123456789"));  // one-digit shard
    CHECK(cache.get("sizes-v3", "abcdef0123456789") == std::optional<std::string>("1 2 -\n"));
    // A reader that meets an entry cut short (a run killed mid-write) sees a miss.
    const fs::path entry = dir / "sizes-v3" / "a" / "abcdef0123456789";
    fs::resize_file(entry, fs::file_size(entry) - 2);
    CHECK_FALSE(cache.get("sizes-v3", "abcdef0123456789"));
    CHECK_FALSE(fs::exists(entry));  // removed, to be rewritten
    // Something that is not a file where an entry goes is never written into.
    fs::create_directories(dir / "stat-v3" / "f");
    REQUIRE(::mkfifo((dir / "stat-v3" / "f" / "ff00").c_str(), 0600) == 0);
    cache.put("stat-v3", "ff00", "x");  // returns at once: no reader, O_NONBLOCK
    CHECK(fs::is_fifo(dir / "stat-v3" / "f" / "ff00"));
    // An entry of the previous layout (two-digit shards) is still counted and cleared.
    fs::create_directories(dir / "sizes-v2" / "ab");
    {
      std::ofstream old(dir / "sizes-v2" / "ab" / "abcd");
      old << util::Cache::encode_entry("sizes-v2", "abcd", "1 2 -\n");
    }
    cache.put("sizes-v3", "0123", "3 4 -\n");
    CHECK(cache.usage().entries == 2);
    CHECK(cache.clear().entries == 2);
    CHECK_FALSE(fs::exists(dir / "sizes-v2" / "ab" / "abcd"));
  }
  fs::remove_all(dir);
}

TEST_CASE("sources::parse_size_entry refuses what it did not write") {
  auto s = sources::parse_size_entry("1000 300 250\n", true, 1000);
  REQUIRE(s);
  CHECK(s->gzip == 300);
  CHECK(s->brotli == 250);
  CHECK(sources::parse_size_entry("1000 300 -\n", false, 1000));
  CHECK_FALSE(sources::parse_size_entry("1000 300 -\n", true, 1000));    // brotli wanted
  CHECK_FALSE(sources::parse_size_entry("1000 300 250\n", true, 999));   // another file's size
  CHECK_FALSE(sources::parse_size_entry("1000 0 250\n", true, 1000));    // gzip is never 0 B
  CHECK_FALSE(sources::parse_size_entry("1000 300\n", false, 1000));
  CHECK_FALSE(sources::parse_size_entry("1000 300 250", true, 1000));
  CHECK_FALSE(sources::parse_size_entry("1000 300 250 7\n", true, 1000));
  CHECK_FALSE(sources::parse_size_entry("1000  300 250\n", true, 1000));
  CHECK_FALSE(sources::parse_size_entry("-1000 300 250\n", true, 1000));
}

TEST_CASE("sources::parse_stats_entry: flat and one level of children, nothing else") {
  auto one = sources::parse_stats_entry("S\twebpack 5\t\t/dist\nE\tmain\nI\tmain.js\nA\t1.js\nO\tmain.js.map\nZ\n");
  REQUIRE(one);
  REQUIRE(one->entrypoints.size() == 1);
  CHECK(one->entrypoints[0].initial == std::vector<std::string>{"main.js"});
  CHECK(one->entrypoints[0].other == std::vector<std::string>{"main.js.map"});
  auto multi = sources::parse_stats_entry(
      "S\twebpack (multi-compiler)\t\t\nS\twebpack 5\ta\t\nE\tm\nI\tm.js\nZ\nS\twebpack 5\tb\t\nE\tn\nI\tn.js\nZ\nZ\n");
  REQUIRE(multi);
  CHECK(multi->children.size() == 2);
  CHECK_FALSE(sources::parse_stats_entry("S\twebpack 5\t\t\nE\tmain\nZ\nE\tx\n"));   // after the end
  CHECK_FALSE(sources::parse_stats_entry("S\twebpack 5\t\t\nE\tmain\n"));            // no end
  CHECK_FALSE(sources::parse_stats_entry("S\ta\t\t\nS\tb\t\t\nS\tc\t\t\nZ\nZ\nZ\n"));  // too deep
  CHECK_FALSE(sources::parse_stats_entry("I\tmain.js\nZ\n"));
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "S\t\t\t\n";
  CHECK_FALSE(sources::parse_stats_entry(deep));  // no recursion, no stack overflow
}

TEST_CASE("util::Regex: JavaScript syntax, bounded work") {
  const util::Regex look("^(?!.*admin).*$", "test");
  CHECK(look.search("http://x/shop") == util::Regex::Match::yes);
  CHECK(look.search("http://x/admin") == util::Regex::Match::no);
  const util::Regex dollar("shop$", "test");
  CHECK(dollar.search("http://x/shop\n") == util::Regex::Match::no);  // $ is the very end, as in JavaScript
  const util::Regex bad("(a|aa)+$", "test");
  CHECK(bad.search("http://x/" + std::string(32768, 'a') + "b") == util::Regex::Match::gave_up);
  CHECK_THROWS_AS(util::Regex("(unclosed", "test"), std::exception);
}

#include "budget/units.hpp"

TEST_CASE("budget::human_value_against never shows a failing value equal to its limit") {
  using budget::Unit;
  CHECK(budget::human_value_against(0.0996, 0.1, Unit::unitless, "cumulative-layout-shift") == "0.0996");
  CHECK(budget::human_value_against(0.05, 0.1, Unit::unitless, "cumulative-layout-shift") == "0.05");
  CHECK(budget::human_value_against(2500.4, 2500, Unit::ms, "largest-contentful-paint") == "2.5004 s");
  CHECK(budget::human_value_against(0.895, 0.9, Unit::unitless, "categories:performance") == "89.5");
  CHECK(budget::human_value_against(500001, 500000, Unit::bytes, "entrypoint:main") == "500.001 kB");
  CHECK(budget::human_value_against(0.1, 0.1, Unit::unitless, "cumulative-layout-shift") == "0.1");
  CHECK(budget::human_overage(0.0004, budget::Op::lt, Unit::unitless, "cumulative-layout-shift") == "0.0004 over");
}

TEST_CASE("util::redact_secrets: fragments, nested and encoded URLs, odd passwords") {
  CHECK(util::redact_secrets("http://h/cb#access_token=SECRET&state=1") == "http://h/cb#access_token=REDACTED&state=1");
  CHECK(util::redact_secrets("https://psi/run?url=https%3A%2F%2Fu%3Apw%40x.com%2F%3Faccess_token%3Dabc&strategy=m")
            .find("abc") == std::string::npos);
  CHECK(util::redact_secrets("https://psi/run?url=https%3A%2F%2Fu%3Apw%40x.com%2F&s=1").find("pw") == std::string::npos);
  CHECK(util::redact_secrets("https://psi/run?url=https%3A%2F%2Fexample.com%2F&s=1") ==
        "https://psi/run?url=https%3A%2F%2Fexample.com%2F&s=1");  // nothing secret: unchanged
  CHECK(util::redact_secrets("http://x/?next=http://y/?token=abc") == "http://x/?next=http://y/?token=REDACTED");
  CHECK(util::redact_secrets("https://user:pa/ss@host/p") == "https://***@host/p");
  CHECK(util::redact_secrets("https://registry/@scope/pkg") == "https://registry/@scope/pkg");
}

TEST_CASE("util::printable: bidi overrides cannot reorder a name") {
  CHECK(util::printable("evil\xe2\x80\xaegnp.js") == "evil\\u202egnp.js");
  CHECK(util::printable("\xe2\x81\xa6x") == "\\u2066x");
}

TEST_CASE("util::defuse_workflow_commands") {
  CHECK(util::defuse_workflow_commands("ok\n::error::x\n  ::warning::y\nend") == "ok\n\\x3a:error::x\n  \\x3a:warning::y\nend");
  CHECK(util::defuse_workflow_commands("a: b::c") == "a: b::c");
}

#include "sources/bundles/stats.hpp"

TEST_CASE("sources: a compiler's plugin child compilations are dropped, so its stats can be cached") {
  // A multi-compiler build whose compilers run html-webpack-plugin (child compilations
  // of their own): only the compilers are bundles; the parsed stats stay two levels deep,
  // which is what the parsed-stats cache holds (a deeper entry was refused: every warm
  // run parsed the whole stats file again).
  const std::string json = R"({"children": [
    {"name": "en", "outputPath": "/x/en", "entrypoints": {"main": {"assets": [{"name": "main.js"}]}},
     "children": [{"name": "HtmlWebpackCompiler", "entrypoints": {"HtmlWebpackPlugin_0": {"assets": []}}}]},
    {"name": "de", "outputPath": "/x/de", "entrypoints": {"main": {"assets": [{"name": "main.js"}]}}}]})";
  const sources::BundleStats stats = sources::parse_bundle_stats(simdjson::padded_string(json), "multi.json");
  REQUIRE(stats.children.size() == 2);
  CHECK(stats.children[0].children.empty());
  CHECK(stats.children[0].entrypoints.size() == 1);
}
