#include "evaluate/baseline.hpp"
#include "evaluate/evaluate.hpp"
#include "report/render.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace evaluate;

namespace {
const std::string k_lhr = std::string(PERFGATE_FIXTURES) + "/lighthouse/lhr/";

// A scratch file removed when the test ends.
class TempFile {
public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/perfgate-baseline-XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    m_path = name;
    std::ofstream(m_path) << content;
  }
  ~TempFile() { std::filesystem::remove(m_path); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

Verdict size_verdict(const std::string& metric, double value, const std::string& rule) {
  Verdict v;
  v.source = "bundle";
  v.metric = metric;
  v.subject = metric.substr(metric.find(':') + 1);
  v.variant = "gzip";
  v.value = value;
  v.unit = budget::Unit::bytes;
  v.limit = 500000;
  v.limit_text = "< 500 KB";
  v.rule = rule;
  return v;
}

std::string baseline_json(const std::vector<Verdict>& results) {
  Outcome o;
  o.results = results;
  return report::render_json(o);
}

const Verdict& find(const Outcome& o, const std::string& metric) {
  for (const auto& v : o.results) {
    if (v.metric == metric) return v;
  }
  FAIL("no verdict for " << metric);
  return o.results.front();
}
}  // namespace

TEST_CASE("evaluate::normalize_hashes") {
  CHECK(normalize_hashes("js/315.dba046fb.js") == "js/315.[hash].js");
  CHECK(normalize_hashes("main.995e091e.js") == "main.[hash].js");
  CHECK(normalize_hashes("app-4f3a2b1c.chunk.css") == "app-[hash].chunk.css");
  CHECK(normalize_hashes("vendor_0123456789abcdef0123456789abcdef.js") == "vendor_[hash].js");  // 32 digits
  CHECK(normalize_hashes("file:assets/index-5d2e1a0f.js") == "file:assets/index-[hash].js");
  SUBCASE("not hashes") {
    CHECK(normalize_hashes("js/315.js") == "js/315.js");                    // too short
    CHECK(normalize_hashes("deadbeef.js") == "deadbeef.js");                // no digit: a word
    CHECK(normalize_hashes("main.995e091eX.js") == "main.995e091eX.js");    // not bounded
    CHECK(normalize_hashes("x.0123456789abcdef0123456789abcdef0.js") ==     // 33 digits
          "x.0123456789abcdef0123456789abcdef0.js");
    CHECK(normalize_hashes("http://127.0.0.1:8901/lean/ (mobile)") == "http://127.0.0.1:8901/lean/ (mobile)");
  }
}

TEST_CASE("evaluate::apply_baseline on real reports") {
  // Baseline: run 1 of the lean page; current: run 2 (LCP 665.9 ms -> 859.5 ms, +29%).
  const auto b = budget::parse_budget(R"({"budgets": {
      "largest-contentful-paint": {"limit": "< 2.5 s", "max_increase": "10%"},
      "first-contentful-paint": {"limit": "< 1.5 s", "max_increase": "100 ms"},
      "total-blocking-time": {"limit": "< 300 ms", "max_increase": "10%", "severity": "warn"},
      "categories:performance": {"limit": ">= 90", "max_increase": "0.5%"}}})",
                                      "b.json");
  const Outcome before = evaluate::evaluate(b, {sources::read_lighthouse({k_lhr + "lean-mobile-1.json"}, 1)});
  const TempFile file(report::render_json(before));
  Outcome now = evaluate::evaluate(b, {sources::read_lighthouse({k_lhr + "lean-mobile-2.json"}, 1)});
  REQUIRE(now.exit_code() == 0);
  apply_baseline(now, b, file.path());

  const Verdict& lcp = find(now, "largest-contentful-paint");
  REQUIRE(lcp.baseline);
  CHECK(*lcp.baseline == doctest::Approx(665.90735));
  CHECK(lcp.value < lcp.limit);
  CHECK(lcp.status == Status::fail);
  CHECK(lcp.regression.find("more than max_increase 10%") != std::string::npos);
  CHECK(lcp.regression.find("(+29.1%)") != std::string::npos);
  // Faster is no regression; a higher score is no regression.
  CHECK(find(now, "first-contentful-paint").status == Status::pass);
  CHECK(find(now, "first-contentful-paint").regression.empty());
  CHECK(find(now, "categories:performance").status == Status::pass);
  CHECK(now.exit_code() == 1);
  for (const auto& v : now.results) CHECK(v.baseline.has_value());
}

TEST_CASE("evaluate::apply_baseline regression budgets") {
  const auto b = budget::parse_budget(R"({"budgets": {
      "entrypoint:main": {"limit": "< 500 KB", "max_increase": "10 KB"},
      "entrypoint:admin": {"limit": "< 500 KB", "max_increase": "5%", "severity": "warn"}}})",
                                      "b.json");
  std::string main_rule, admin_rule;
  for (const auto& r : b.rules) (r.origin.find("main") != std::string::npos ? main_rule : admin_rule) = r.origin;

  SUBCASE("an amount: 10 KB allowed, 10,001 B is over; the file that grew is named across hashes") {
    Verdict was = size_verdict("entrypoint:main", 200000, main_rule);
    was.details = {{"js/main.0c2e91aa.js", 150000, {}}, {"js/315.dba046fb.js", 50000, {}}};
    const TempFile file(baseline_json({was}));
    Outcome now;
    now.results = {size_verdict("entrypoint:main", 210001, main_rule)};
    now.results[0].details = {{"js/main.aa19e2c0.js", 151000, {}}, {"js/315.bf640abd.js", 59001, {}}};
    apply_baseline(now, b, file.path());
    CHECK(now.results[0].status == Status::fail);
    CHECK(now.results[0].regression.find("largest increase: js/315.bf640abd.js +9") != std::string::npos);

    now.results = {size_verdict("entrypoint:main", 210000, main_rule)};
    apply_baseline(now, b, file.path());
    CHECK(now.results[0].status == Status::pass);
    CHECK(*now.results[0].baseline == 200000);
  }
  SUBCASE("warn severity warns; an exceeded budget stays failed") {
    const TempFile file(baseline_json({size_verdict("entrypoint:admin", 100000, admin_rule),
                                       size_verdict("entrypoint:main", 100000, main_rule)}));
    Outcome now;
    now.results = {size_verdict("entrypoint:admin", 106000, admin_rule), size_verdict("entrypoint:main", 600000, main_rule)};
    now.results[1].status = Status::fail;
    apply_baseline(now, b, file.path());
    CHECK(now.results[0].status == Status::warn);
    CHECK(now.results[1].status == Status::fail);
    CHECK(!now.results[1].regression.empty());
  }
  SUBCASE("names that are only a hash are not paired at random") {
    const TempFile file(baseline_json({size_verdict("file:js/0c2e91aa.js", 1000, main_rule),
                                       size_verdict("file:js/dba046fb.js", 2000, main_rule),
                                       size_verdict("file:js/app.1234abcd.js", 3000, main_rule)}));
    Outcome now;
    now.results = {size_verdict("file:js/11111111.js", 5000, main_rule), size_verdict("file:js/app.9876fedc.js", 3100, main_rule),
                   size_verdict("file:js/dba046fb.js", 2100, main_rule)};
    apply_baseline(now, b, file.path());
    CHECK(!now.results[0].baseline);                        // two candidates: new
    CHECK(*now.results[1].baseline == 3000);                // one candidate once hashes are ignored
    CHECK(*now.results[2].baseline == 2000);                // the same name exactly
  }
  SUBCASE("compression must match") {
    Verdict brotli = size_verdict("entrypoint:main", 1, main_rule);
    brotli.variant = "brotli";
    const Verdict other = size_verdict("entrypoint:other", 5, main_rule);
    const TempFile file(baseline_json({brotli, other}));
    Outcome now;
    now.results = {size_verdict("entrypoint:main", 210000, main_rule), other};
    apply_baseline(now, b, file.path());
    CHECK(!now.results[0].baseline);
    CHECK(now.results[1].baseline);
  }
  SUBCASE("a baseline that matches no result at all is an error, not a silent pass") {
    Verdict brotli = size_verdict("entrypoint:main", 1, main_rule);
    brotli.variant = "brotli";
    const TempFile file(baseline_json({brotli}));
    Outcome now;
    now.results = {size_verdict("entrypoint:main", 210000, main_rule)};
    CHECK_THROWS_WITH_AS(apply_baseline(now, b, file.path()), doctest::Contains("matches no result"), util::Error);
  }
}

TEST_CASE("evaluate::apply_baseline refuses what is not a baseline") {
  Outcome now;
  const auto b = budget::default_budget();
  CHECK_THROWS_WITH_AS(apply_baseline(now, b, "/nonexistent/base.json"), doctest::Contains("no such file"), util::Error);
  const TempFile truncated(R"({"passed": true, "results": [)");
  CHECK_THROWS_WITH_AS(apply_baseline(now, b, truncated.path()), doctest::Contains("not valid JSON"), util::Error);
  const TempFile lhr(R"({"lighthouseVersion": "13.0.0", "audits": {}})");
  CHECK_THROWS_WITH_AS(apply_baseline(now, b, lhr.path()), doctest::Contains("no \"results\" array"), util::Error);
  const TempFile odd(R"({"results": [{"source": "lighthouse", "metric": "x", "subject": "y", "value": "1"}]})");
  CHECK_THROWS_WITH_AS(apply_baseline(now, b, odd.path()), doctest::Contains("results[0] lacks"), util::Error);
}
