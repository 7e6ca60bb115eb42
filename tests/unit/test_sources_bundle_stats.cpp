// Real webpack 5 and 4 stats (tests/fixtures/webpack/MANIFEST.md).
#include "sources/bundles/stats.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

#include <doctest/doctest.h>

using sources::BundleStats;

namespace {
const std::string k_dir = std::string(PERFGATE_FIXTURES) + "/webpack/";

BundleStats load(const std::string& name) {
  return sources::parse_bundle_stats(util::json::read_file(k_dir + name), name);
}

const sources::BundleEntrypoint& entry(const BundleStats& s, const std::string& name) {
  for (const auto& e : s.entrypoints) {
    if (e.name == name) return e;
  }
  FAIL("no entrypoint " << name);
  return s.entrypoints.front();
}

std::string error_of(std::string_view json) {
  try {
    sources::parse_bundle_stats(simdjson::padded_string(json), "stats.json");
  } catch (const util::Error& e) {
    return e.message();
  }
  FAIL("no error");
  return {};
}
}  // namespace

TEST_CASE("sources::parse_bundle_stats: webpack 5 shop (gzipped stats)") {
  const BundleStats s = load("shop/stats.json.gz");
  CHECK(s.kind == "webpack 5");
  CHECK(s.output_path == "/builds/shop/dist");
  CHECK(s.children.empty());  // html-webpack-plugin's child compilation is not a bundle
  REQUIRE(s.entrypoints.size() == 2);
  const auto& main = entry(s, "main");
  CHECK(main.initial.size() == 14);  // runtime, vendor-react, 10 vendor chunks, main.css, main.js
  CHECK(main.initial.front() == "js/runtime.a163e6e9.js");
  for (const auto& f : main.initial) CHECK(f.find(".map") == std::string::npos);
  CHECK(entry(s, "admin").initial.size() == 5);
  // The two import() routes are async, never counted.
  CHECK(std::find(main.async.begin(), main.async.end(), "js/route-help.3c31423b.chunk.js") != main.async.end());
}

TEST_CASE("sources::parse_bundle_stats: webpack 4 lists assets as strings, maps included") {
  const BundleStats s = load("small/stats-webpack4.json");
  CHECK(s.kind == "webpack 4");
  REQUIRE(s.entrypoints.size() == 1);
  CHECK(s.entrypoints[0].initial == std::vector<std::string>{"main.661c96ed.js"});
}

TEST_CASE("sources::parse_bundle_stats: multi-compiler output") {
  // Two real single-compiler stats as children of a top level without entrypoints,
  // the shape `webpack --json` writes for an array config.
  const auto a = util::json::read_file(k_dir + "small/stats.json");
  const auto b = util::json::read_file(k_dir + "small/stats-webpack4.json");
  const std::string json = R"({"children": [)" + std::string(a.data(), a.size()) + "," +
                           std::string(b.data(), b.size()) + R"(], "version": "5.112.2"})";
  const BundleStats s = sources::parse_bundle_stats(simdjson::padded_string(json), "multi.json");
  CHECK(s.entrypoints.empty());
  REQUIRE(s.children.size() == 2);
  CHECK(s.children[1].kind == "webpack 4");
}

TEST_CASE("sources::parse_bundle_stats: errors name the file") {
  CHECK(error_of(R"({"lighthouseVersion": "13"})").find("not a webpack stats file") != std::string::npos);
  CHECK(error_of("[]").find("not an object") != std::string::npos);
  CHECK(error_of(R"({"version": "5", "entrypoints": {"main": {"assets": 7}}})").find("entrypoints.main.assets") !=
        std::string::npos);
  CHECK(error_of(R"({"version": "5", "entrypoints": {)").rfind("stats.json: ", 0) == 0);
  CHECK(error_of(R"({"version": "5.1.0"})").find("without entrypoints") != std::string::npos);
}

TEST_CASE("sources::is_initial_asset") {
  CHECK(sources::is_initial_asset("js/main.1234.js"));
  CHECK(sources::is_initial_asset("css/main.css"));
  CHECK(sources::is_initial_asset("esm/app.mjs"));
  CHECK_FALSE(sources::is_initial_asset("js/main.js.map"));
  CHECK_FALSE(sources::is_initial_asset("js/743.bda650d7.js.LICENSE.txt"));
  CHECK_FALSE(sources::is_initial_asset("main.abc.hot-update.js"));
  CHECK_FALSE(sources::is_initial_asset("assets/hero.jpg"));
}
