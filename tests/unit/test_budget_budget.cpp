#include "budget/budget.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <algorithm>

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
  // "Lighthouse Performance > 90", as the SLA writes it: a score of exactly 90 fails.
  CHECK(rule("categories:performance").limit.op == Op::gt);
  CHECK(rule("first-contentful-paint").limit.value == 1500);
  CHECK(rule("largest-contentful-paint").limit.value == 2500);
  CHECK(rule("total-blocking-time").limit.value == 300);
  CHECK(rule("cumulative-layout-shift").limit.value == doctest::Approx(0.1));
  CHECK(rule("server-response-time").limit.value == 300);
  CHECK(rule("entrypoint:*").limit.value == 500'000);
  CHECK(rule("entrypoint:*").compression == Compression::gzip);
  CHECK(rule("images:legacy-format").limit.op == Op::eq);
  // "Page load time (initial) < 2 seconds, Lighthouse measurement": Time to Interactive.
  CHECK(rule("interactive").limit.value == 2000);
  CHECK(rule("interactive").limit.op == Op::lt);
  // The SLA's summary: judged rows name rules the budget has; the rest say what measures them.
  REQUIRE(b.sla.size() == 16);
  CHECK(b.sla.front().row == "Page load time (initial), Lighthouse");
  CHECK(b.sla.front().keys == std::vector<std::string>{"interactive"});
  for (const auto& row : b.sla) {
    CHECK(row.keys.empty() != row.measured_by.empty());
    for (const auto& key : row.keys) CHECK_MESSAGE(std::any_of(b.rules.begin(), b.rules.end(), [&](const Rule& r) { return r.metric == key; }), key);
  }
  CHECK(b.sla.back().measured_by == "CloudFront's metrics");
}

TEST_CASE("budget \"sla\": rows parsed, keys canonical, malformed rows refused") {
  const Budget b = parse_budget(R"({"budgets": {"tti": "< 2 s"},
    "sla": [{"row": "Page load", "target": "< 2 s", "budgets": ["tti"]}, {"row": "Uptime", "measured_by": "Pingdom"}]})", "b.json");
  REQUIRE(b.sla.size() == 2);
  CHECK(b.sla[0].keys == std::vector<std::string>{"interactive"});  // the alias, as the rule's metric
  CHECK(b.sla[0].origin == "b.json: sla[0]");
  CHECK(b.sla[1].measured_by == "Pingdom");
  CHECK(b.sla[1].target.empty());
  CHECK_THROWS_WITH_AS(parse_budget(R"({"budgets": {"tti": "< 2 s"}, "sla": [{"row": "x", "budgets": ["tti"], "measured_by": "y"}]})", "b.json"),
                       doctest::Contains("sla[0]: needs either"), util::Error);
  CHECK_THROWS_WITH_AS(parse_budget(R"({"budgets": {"tti": "< 2 s"}, "sla": [{"row": "x", "measured_by": "y", "extra": 1}]})", "b.json"),
                       doctest::Contains("unknown key"), util::Error);
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

TEST_CASE("budget \"legacy\": values shown beside the measurement, never limits") {
  const Budget b = parse_budget(R"({"budgets": {"api:p99": "< 1 s"},
    "legacy": {"api:GET /v1/patients/{id}:p99": "1200 ms", "api:*:p95": "2.3 s"}})", "perfgate.json");
  REQUIRE(b.legacy.size() == 2);
  CHECK(b.legacy[0].metric == "api:GET /v1/patients/{id}:p99");
  CHECK(b.legacy[0].value == 1200);
  CHECK(b.legacy[1].value == 2300);
  CHECK(b.rules.size() == 1);  // not a budget
  CHECK(error_of(R"({"budgets": {"api:p99": "< 1 s"}, "legacy": {"api:GET /x:p99": "1200 KB"}})").find("legacy.api:GET /x:p99") !=
        std::string::npos);
  CHECK(error_of(R"({"budgets": {"api:p99": "< 1 s"}, "legacy": {"no-such-metric": "1 s"}})").find("unknown metric") != std::string::npos);
  CHECK(error_of(R"({"budgets": {"api:p99": "< 1 s"}, "legacy": ["1 s"]})").find("legacy: is an array") != std::string::npos);
  // The built-in budget carries the SLA's legacy p99 of all 18 endpoints.
  const Budget d = default_budget();
  CHECK(d.legacy.size() == 18);
}

TEST_CASE("budget \"legacy\": an endpoint's own key wins over a pattern; no key twice") {
  const Budget b = parse_budget(R"({"budgets": {"api:p99": "< 1 s"},
    "legacy": {"api:*:p99": "300 ms", "api:GET /x:p99": "1200 ms", "api:GET /*:p99": "900 ms"}})", "perfgate.json");
  REQUIRE(find_legacy(b.legacy, "api:GET /x:p99"));
  CHECK(find_legacy(b.legacy, "api:GET /x:p99")->value == 1200);
  CHECK(find_legacy(b.legacy, "api:GET /y:p99")->value == 900);   // the longer pattern
  CHECK(find_legacy(b.legacy, "api:POST /y:p99")->value == 300);
  CHECK(find_legacy(b.legacy, "api:POST /y:p95") == nullptr);
  CHECK(error_of(R"({"budgets": {"api:p99": "< 1 s"}, "legacy": {"api:p99": "1 s", "api:p99": "2 s"}})").find("given twice") !=
        std::string::npos);
  CHECK(error_of(R"({"budgets": {"api:p99": "< 1 s"}, "legacy": {"api:p99": "-5 ms"}})").find("\"<=") == std::string::npos);
}
