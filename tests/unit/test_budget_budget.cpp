#include "budget/budget.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

using namespace budget;

namespace {
std::string error_of(const char* json) {
  try {
    parse_budget(json, "perfgate.json");
  } catch (const util::Error& e) {
    return e.message();
  }
  FAIL("no error for " << json);
  return {};
}
}  // namespace

TEST_CASE("budget::default_budget holds the SLA's frontend rows") {
  const Budget b = default_budget();
  CHECK(b.aggregate == Aggregate::median);
  auto rule = [&](const char* metric) -> const Rule& {
    for (const auto& r : b.rules) {
      if (r.metric == metric) return r;
    }
    FAIL("no rule " << metric);
    return b.rules.front();
  };
  CHECK(rule("categories:performance").limit.value == doctest::Approx(0.9));
  CHECK(rule("categories:performance").limit.op == Op::ge);
  CHECK(rule("first-contentful-paint").limit.value == 1500);
  CHECK(rule("largest-contentful-paint").limit.value == 2500);
  CHECK(rule("total-blocking-time").limit.value == 300);
  CHECK(rule("cumulative-layout-shift").limit.value == doctest::Approx(0.1));
  CHECK(rule("server-response-time").limit.value == 300);
  CHECK(rule("entrypoint:*").limit.value == 500'000);
  CHECK(rule("entrypoint:*").compression == Compression::gzip);
  CHECK(rule("images:legacy-format").limit.op == Op::eq);
}

TEST_CASE("budget::parse_budget") {
  SUBCASE("string and object forms, severity, aggregate, filters") {
    const Budget b = parse_budget(R"({
      "aggregate": "pessimistic",
      "budgets": {
        "lcp": "< 2.5 s",
        "total-blocking-time": {"limit": "< 300 ms", "severity": "warn", "aggregate": "median-run",
                                 "form_factor": "desktop", "url": "http://*/shop/*"},
        "entrypoint:main": {"limit": "< 170 KB", "compression": "brotli", "max_increase": "5%"}
      }})", "b.json");
    CHECK(b.aggregate == Aggregate::pessimistic);
    REQUIRE(b.rules.size() == 3);
    CHECK(b.rules[0].metric == "largest-contentful-paint");  // alias
    CHECK(b.rules[1].severity == Severity::warn);
    CHECK(b.rules[1].aggregate == Aggregate::median_run);
    CHECK(b.rules[1].form_factor == "desktop");
    CHECK(b.rules[1].url == "http://*/shop/*");
    CHECK(b.rules[2].compression == Compression::brotli);
    REQUIRE(b.rules[2].max_increase);
    CHECK(b.rules[2].max_increase->percent);
    CHECK(b.rules[0].origin == "b.json: budgets.lcp");
  }
  SUBCASE("array form allows the same metric for different pages") {
    const Budget b = parse_budget(R"({"budgets": [
      {"metric": "largest-contentful-paint", "limit": "< 2.5 s", "form_factor": "mobile"},
      {"metric": "largest-contentful-paint", "limit": "< 1.2 s", "form_factor": "desktop"}]})", "b.json");
    CHECK(b.rules.size() == 2);
  }
  SUBCASE("errors name the file and key, with a did-you-mean") {
    CHECK(error_of(R"({"budgets": {"largest-contentfull-paint": "< 2 s"}})") ==
          "perfgate.json: budgets.largest-contentfull-paint: unknown metric \"largest-contentfull-paint\" "
          "(did you mean \"largest-contentful-paint\"?) (see docs/budgets.md, \"Metrics\")");
    CHECK(error_of(R"({"budget": {}})").find("budget: unknown key (did you mean \"budgets\"?)") != std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": 2500}})").find("budgets.lcp: is a number") != std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": "< 2.5 sec"}})").find("unknown unit") != std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": {"limit": "< 2 s", "severty": "warn"}}})")
              .find("did you mean \"severity\"") != std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": {"limit": "< 2 s", "severity": "fatal"}}})").find("severity") !=
          std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": {"limit": "< 2 s", "aggregate": "mean"}}})").find("median") !=
          std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": {"severity": "warn"}}})").find("has no \"limit\"") != std::string::npos);
    CHECK(error_of(R"({"aggregate": "avg", "budgets": {}})").find("aggregate") != std::string::npos);
    CHECK(error_of(R"([])").find("is an array") != std::string::npos);
    CHECK(error_of(R"({"budgets": )").find("perfgate.json: ") == 0);
    CHECK(error_of(R"({})").find("has no \"budgets\"") != std::string::npos);
    const std::string deep = R"({"description": )" + std::string(300, '[') + std::string(300, ']') + "}";
    CHECK(error_of(deep.c_str()).find("nested deeper than 256 levels") != std::string::npos);
    CHECK(error_of(R"({"budgets": {"lcp": "< 2 s", "largest-contentful-paint": "< 3 s"}})").find("two budgets") !=
          std::string::npos);
    CHECK(error_of(R"({"images": {"legacy_formats": ["bmp"]}, "budgets": {}})").find("not an image format") !=
          std::string::npos);
  }
}
