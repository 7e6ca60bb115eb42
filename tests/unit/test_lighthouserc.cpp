// Lighthouse CI configs as lhci 0.15.1 reads them: YAML typed as js-yaml types it,
// lhci's merge for extends and presets, and the user-timing names lhci matches.
#include "budget/importers.hpp"
#include "budget/metrics.hpp"
#include "util/error.hpp"
#include "util/json_writer.hpp"
#include "util/yaml.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace {
std::string yaml(const std::string& text) { return util::yaml_to_json(text, "t.yml", std::size_t{1} << 20); }
}  // namespace

TEST_CASE("util::yaml_to_json types scalars by YAML 1.2's core schema") {
  CHECK(yaml("a: 0.9") == R"({"a":0.9})");
  CHECK(yaml("a: '0.9'") == R"({"a":"0.9"})");  // quoted: a string, refused where a number is needed
  CHECK(yaml("a: [~, null, true, False, 12, -3, 0x1F, 0o17, 1e3]") == R"({"a":[null,null,true,false,12,-3,31,15,1000]})");
  CHECK(yaml("a: [warn, 'off', 1_000, .inf, 007]") == R"({"a":["warn","off","1_000",".inf",7]})");
  CHECK(yaml("a:\n  b: [x, \"y\"]\n  c: {d: e}") == R"({"a":{"b":["x","y"],"c":{"d":"e"}}})");
}

TEST_CASE("util::yaml_to_json: anchors, merge keys, and what it refuses") {
  CHECK(yaml("x: &w [warn, {minScore: 0.5}]\ny: *w") == R"({"x":["warn",{"minScore":0.5}],"y":["warn",{"minScore":0.5}]})");
  CHECK(yaml("b: &b {p: 1, q: 1}\nc:\n  <<: *b\n  q: 2") == R"({"b":{"p":1,"q":1},"c":{"q":2,"p":1}})");
  CHECK_THROWS_AS(yaml("a: 1\na: 2"), util::Error);              // duplicate key
  CHECK_THROWS_AS(yaml("a: 1\n---\nb: 2"), util::Error);         // two documents
  CHECK_THROWS_AS(yaml("a: !!binary aGk="), util::Error);        // a tag
  CHECK_THROWS_AS(yaml("a: [1, 2"), util::Error);                // syntax
  CHECK_THROWS_AS(yaml("a: " + std::string(300, '[') + std::string(300, ']')), util::Error);  // depth
  std::string laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'i'; ++c) {
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) laughs += (i ? ", *" : "*") + prev;
    laughs += "]\n";
    prev = std::string(1, c);
  }
  CHECK_THROWS_AS(yaml(laughs), util::Error);  // 9^9 expansions: refused at 1 MiB, not after
}

TEST_CASE("budget::resolve_lighthouserc: sections, extends, presets and lhci's merge") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("perfgate-unit-rc-" + std::to_string(::getpid()));
  fs::create_directories(dir / "configs");
  {
    std::ofstream(dir / "configs" / "base.yml") << "ci:\n  assert:\n    assertions:\n      dom-size: [error, {maxLength: 0}]\n"
                                                   "      first-contentful-paint: [error, {maxNumericValue: 2000}]\n";
  }
  const std::string rc = R"({"ci": {"extends": "./configs/base.yml", "assert": {"assertions": {"dom-size": ["warn"],
    "first-contentful-paint": "off"}}}, "lhci": {"assert": {"assertions": {"dom-size": ["warn"], "first-contentful-paint": "off"},
    "aggregation-method": "median"}}})";
  const std::string resolved = budget::resolve_lighthouserc((dir / "lighthouserc.json").string(), rc);
  // lhci.assert replaces ci.assert whole; the base's arrays merge element by element;
  // a string replaces an array; the kebab option is its camelCase one.
  CHECK(resolved == R"({"ci":{"assert":{"assertions":{"dom-size":["warn",{"maxLength":0}],"first-contentful-paint":"off"},)"
                    R"("aggregationMethod":"median"}}})");
  // A preset under the assertions: the file's entries merge over lhci's list.
  const std::string preset = budget::resolve_lighthouserc((dir / "p.json").string(),
                                                          R"({"ci": {"assert": {"preset": "lighthouse:no-pwa",
                                                              "assertions": {"viewport": "warn"}}}})");
  CHECK(preset.find(R"("viewport":"warn")") != std::string::npos);
  CHECK(preset.find(R"("is-on-https":"off")") != std::string::npos);  // no-pwa turns it off
  CHECK(preset.find("preset") == std::string::npos);
  // A cycle is refused by name.
  { std::ofstream(dir / "a.json") << R"({"ci": {"extends": "b.json"}})"; }
  { std::ofstream(dir / "b.json") << R"({"ci": {"extends": "a.json"}})"; }
  CHECK_THROWS_WITH_AS(budget::resolve_lighthouserc((dir / "a.json").string(), R"({"ci": {"extends": "b.json"}})"),
                       doctest::Contains("goes round in a circle"), util::Error);
  fs::remove_all(dir);
}

TEST_CASE("budget::user_timing_key normalises names as lhci does") {
  CHECK(budget::user_timing_key("Next.js-hydration") == "next-js-hydration");
  CHECK(budget::user_timing_key("mark_fs") == "mark-fs");
  CHECK(budget::user_timing_key("beforeRender") == "before-render");
  CHECK(budget::user_timing_key("GTM-G-HR7:page_load") == "gtm-g-hr7-page-load");
  CHECK(budget::user_timing_key("--") == "");
}

TEST_CASE("a whole number past 64 bits is written with an exponent, so that JSON readers take it") {
  CHECK(util::format_number(1.2345678950123456e20) == "1.2345678950123456e+20");
  CHECK(util::format_number(1e15) == "1e+15");
  CHECK(util::format_number(999999999999999.0) == "999999999999999");
  CHECK(yaml("a: 123456789501234567890") == R"({"a":1.2345678950123456e+20})");
}

TEST_CASE("a YAML file yaml-cpp loops on is an error, not a hang (a fuzzing finding)") {
  // yaml-cpp 0.7 loops for ever, allocating, on ", {": parsed in a child process with a
  // CPU-time limit, it is one error naming the file.
  CHECK_THROWS_WITH_AS(yaml(", {maxNumericValue:\n"), doctest::Contains("did not finish"), util::Error);
  CHECK(yaml("a: 1") == R"({"a":1})");  // and the child's answer comes back whole
}
