#include "evaluate/evaluate.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "budget/importers.hpp"
#include <set>

#include <doctest/doctest.h>

using namespace evaluate;

namespace {
const std::string k_lhr = std::string(PERFGATE_FIXTURES) + "/lighthouse/lhr/";

const Verdict* find(const Outcome& o, const std::string& metric, const std::string& subject) {
  for (const auto& v : o.results) {
    if (v.metric == metric && v.subject == subject) return &v;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("evaluate::evaluate on real reports") {
  const auto measured = sources::read_lighthouse(
      {k_lhr + "lean-mobile-1.json", k_lhr + "lean-mobile-2.json", k_lhr + "lean-mobile-3.json",
       k_lhr + "heavy-desktop-1.json", k_lhr + "heavy-desktop-2.json", k_lhr + "heavy-desktop-3.json"},
      2, evaluate::lighthouse_options(budget::default_budget()));  // as check reads them for that budget
  REQUIRE(measured.errors.empty());
  REQUIRE(measured.subjects.size() == 2);

  SUBCASE("the SLA budget: one page passes, the other fails") {
    const Outcome o = evaluate::evaluate(budget::default_budget(), {measured});
    CHECK(o.errors.empty());
    CHECK(o.exit_code() == 1);
    const Verdict* lean = find(o, "largest-contentful-paint", "http://127.0.0.1:8901/lean/ (mobile)");
    REQUIRE(lean);
    CHECK(lean->status == Status::pass);
    CHECK(lean->values.size() == 3);
    CHECK(lean->aggregate == "median");
    const Verdict* heavy = find(o, "largest-contentful-paint", "http://127.0.0.1:8901/heavy/ (desktop)");
    REQUIRE(heavy);
    CHECK(heavy->status == Status::fail);
    CHECK(heavy->value == doctest::Approx(3644.5071));  // median of 3644.5, 3791.1, 3430.2
    CHECK(overage(*heavy) == doctest::Approx(1144.5071));
    // Bundle and image budgets are not run without their inputs.
    for (const auto& v : o.results) CHECK(v.source == "lighthouse");
  }
  SUBCASE("warn severity reports but does not fail; form factor filters") {
    const auto b = budget::parse_budget(R"({"budgets": {
        "largest-contentful-paint": {"limit": "< 2.5 s", "severity": "warn", "form_factor": "desktop"}}})",
                                        "b.json");
    const Outcome o = evaluate::evaluate(b, {measured});
    REQUIRE(o.results.size() == 1);
    CHECK(o.results[0].status == Status::warn);
    CHECK(o.exit_code() == 0);
  }
  SUBCASE("--aggregate overrides the budget") {
    Options options;
    options.aggregate = budget::Aggregate::pessimistic;
    const Outcome o = evaluate::evaluate(budget::default_budget(), {measured}, options);
    CHECK(find(o, "largest-contentful-paint", "http://127.0.0.1:8901/heavy/ (desktop)")->value ==
          doctest::Approx(3791.0874));
  }
  SUBCASE("an audit the budget needs but the report lacks is an error, not a pass") {
    const auto b = budget::parse_budget(R"({"budgets": {"max-potential-fid": "< 100 ms"}})", "b.json");
    auto lh12 = sources::read_lighthouse({k_lhr + "heavy-lh12.json"}, 1);
    // Lighthouse 12 still has max-potential-fid; drop it to play a version that lacks it.
    std::erase_if(lh12.measurements, [](const auto& m) { return m.metric == "max-potential-fid"; });
    const Outcome o = evaluate::evaluate(b, {lh12});
    CHECK(o.results.empty());
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].message.find("no \"max-potential-fid\" in the report") != std::string::npos);
    CHECK(o.exit_code() == 2);
  }
}

TEST_CASE("evaluate::evaluate: a failed run makes the page uncheckable") {
  const auto measured = sources::read_lighthouse({k_lhr + "error-unreachable.json"}, 1);
  const Outcome o = evaluate::evaluate(budget::default_budget(), {measured});
  CHECK(o.results.empty());
  REQUIRE(o.errors.size() == 1);  // one line, not one per budget
  CHECK(o.errors[0].message.find("CHROME_INTERSTITIAL_ERROR") != std::string::npos);
  CHECK(o.exit_code() == 2);
}

TEST_CASE("evaluate::metric_matches") {
  CHECK(metric_matches("entrypoint:*", "entrypoint:main"));
  CHECK(metric_matches("entrypoint:*", "entrypoint:app/admin"));
  CHECK_FALSE(metric_matches("entrypoint:*", "file:main.js"));
  CHECK(metric_matches("file:**/*.js", "file:js/main.js"));
  CHECK(metric_matches("file:**/*.js", "file:main.js"));
  CHECK_FALSE(metric_matches("file:**/*.js", "file:main.css"));
  CHECK(metric_matches("audit:dom-size", "dom-size"));
  CHECK(metric_matches("largest-contentful-paint", "largest-contentful-paint"));
}

#include "evaluate/baseline.hpp"

TEST_CASE("evaluate::normalize_hashes") {
  CHECK(evaluate::normalize_hashes("file:js/315.dba046fb.js") == "file:js/315.[hash].js");
  CHECK(evaluate::normalize_hashes("js/vendor-react.a45854c0.js") == "js/vendor-react.[hash].js");
  CHECK(evaluate::normalize_hashes("assets/index-4f3a2b1c.chunk.css") == "assets/index-[hash].chunk.css");
  CHECK(evaluate::normalize_hashes("app_0123456789abcdef0123456789abcdef.js") == "app_[hash].js");
  // Not hashes: words of hex letters only, short runs, runs inside words.
  CHECK(evaluate::normalize_hashes("js/deadbeefcafe.js") == "js/deadbeefcafe.js");
  CHECK(evaluate::normalize_hashes("js/315.js") == "js/315.js");
  CHECK(evaluate::normalize_hashes("http://127.0.0.1:8901/lean/ (mobile)") == "http://127.0.0.1:8901/lean/ (mobile)");
}

TEST_CASE("evaluate: never a silent pass") {
  const auto measured = sources::read_lighthouse({k_lhr + "lean-mobile-1.json"}, 1);
  REQUIRE(measured.errors.empty());

  SUBCASE("a budget whose rules no input answers: nothing was checked") {
    const auto b = budget::parse_budget(R"({"budgets": {"entrypoint:main": "< 100 kB"}})", "b.json");
    const Outcome o = evaluate::evaluate(b, {measured});
    CHECK(o.results.empty());
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].message.find("nothing was checked") != std::string::npos);
    CHECK(o.errors[0].message.find("--stats") != std::string::npos);  // what the rule needs
    CHECK(o.exit_code() == 2);
  }
  SUBCASE("no input at all: nothing was checked") {
    const Outcome o = evaluate::evaluate(budget::default_budget(), {});
    CHECK(o.exit_code() == 2);
  }
  SUBCASE("a url filter that selects no page is an error naming the rule, even beside a pass") {
    const auto b = budget::parse_budget(R"({"budgets": [
        {"metric": "largest-contentful-paint", "limit": "< 25 s"},
        {"metric": "first-contentful-paint", "limit": "< 1.5 s", "url": "http://elsewhere/*"}]})",
                                        "b.json");
    const Outcome o = evaluate::evaluate(b, {measured});
    CHECK(o.results.size() == 1);
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].file == "b.json: budgets[1]");
    CHECK(o.errors[0].message.find("selects no page") != std::string::npos);
    CHECK(o.exit_code() == 2);
  }
  SUBCASE("a pattern rule that matches nothing in its input is an error") {
    const auto b = budget::parse_budget(
        R"({"budgets": {"largest-contentful-paint": "< 25 s", "resource-summary:*:count": "< 10"}})", "b.json");
    sources::SourceResult only_lcp = measured;
    std::erase_if(only_lcp.measurements, [](const sources::Measurement& m) { return m.metric != "largest-contentful-paint"; });
    const Outcome o = evaluate::evaluate(b, {only_lcp});
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].message.find("matched nothing") != std::string::npos);
  }
  SUBCASE("an audit: limit in another unit than the audit's numericUnit") {
    const auto b = budget::parse_budget(R"({"budgets": {"audit:largest-contentful-paint": "< 2 MB"}})", "b.json");
    const Outcome o = evaluate::evaluate(b, {measured});
    CHECK(o.results.empty());
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].message.find("numericUnit") != std::string::npos);
  }
}

TEST_CASE("evaluate::lighthouse_options reads only the audit details a budget needs") {
  budget::Budget own = budget::parse_budget(R"({"budgets": {"audit-score:errors-in-console": ">= 1",
      "first-contentful-paint": "< 2 s", "user-timings:hydrate": "< 100 ms"}})", "b.json");
  auto o = evaluate::lighthouse_options(own);
  CHECK(o.grouping == sources::Grouping::url_and_form_factor);
  CHECK(o.renames);
  CHECK(o.audits == std::set<std::string>{"errors-in-console"});  // FCP's numericValue needs no score
  CHECK(o.user_timings);
  CHECK_FALSE(o.every_audit);
  budget::Budget rc = *budget::import_lighthouserc("lighthouserc.json", R"({"ci": {"assert": {"assertions": {
      "first-contentful-paint": ["error", {"maxNumericValue": 2000}], "categories:performance": "warn",
      "resource-summary:script:size": ["error", {"maxNumericValue": 1}]}}}})");
  o = evaluate::lighthouse_options(rc);
  CHECK(o.grouping == sources::Grouping::url);  // lhci groups by URL alone
  CHECK_FALSE(o.renames);
  CHECK(o.audits == std::set<std::string>{"first-contentful-paint"});  // found in a run by its item count
}
