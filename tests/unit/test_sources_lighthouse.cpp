// Real reports from Lighthouse 7.3 to 13.5 and PageSpeed Insights
// (tests/fixtures/lighthouse/MANIFEST.md lists each with its figures).
#include "sources/lighthouse/lighthouse.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

#include <doctest/doctest.h>

#include <cmath>

using sources::LighthouseReport;

namespace {
const std::string k_dir = std::string(PERFGATE_FIXTURES) + "/lighthouse/";

LighthouseReport load(const std::string& name) {
  return sources::parse_lighthouse_report(util::json::read_file(k_dir + name), name);
}

std::optional<double> audit(const LighthouseReport& r, const std::string& id) {
  for (const auto& a : r.audits) {
    if (a.id == id) return a.value;
  }
  FAIL("no audit " << id);
  return std::nullopt;
}

std::optional<double> category(const LighthouseReport& r, const std::string& id) {
  for (const auto& c : r.categories) {
    if (c.id == id) return c.score;
  }
  FAIL("no category " << id);
  return std::nullopt;
}

std::string parse_error(std::string_view json) {
  try {
    sources::parse_lighthouse_report(simdjson::padded_string(json), "x.json");
  } catch (const util::Error& e) {
    return e.message();
  }
  FAIL("no error for " << json);
  return {};
}
}  // namespace

TEST_CASE("sources::parse_lighthouse_report across versions") {
  struct Case {
    const char* file;
    const char* version;
    const char* url;
    const char* form_factor;
    double score, fcp, lcp, tbt, cls;
  };
  // Figures from tests/fixtures/lighthouse/MANIFEST.md (rounded there, so compare loosely).
  const Case cases[] = {
    {"lhr/lean-mobile-1.json", "13.5.0", "http://127.0.0.1:8901/lean/", "mobile", 0.99, 666, 666, 106, 0},
    {"lhr/heavy-desktop-1.json", "13.5.0", "http://127.0.0.1:8901/heavy/", "desktop", 0.38, 3005, 3645, 362, 0.201},
    {"lhr/heavy-lh12.json", "12.8.2", "http://127.0.0.1:8901/heavy/", "mobile", 0.13, 16434, 20784, 1566, 0.308},
    {"lhr/heavy-lh10.json", "10.4.0", "http://127.0.0.1:8901/heavy/", "mobile", 0.13, 16103, 18927, 3509, 0.246},
    {"external/lh-9-3-0-coursehero-a.json", "9.3.0", "https://www.coursehero.com/", "mobile", 0.23, 3360, 8206, 1602, 0.151},
    {"external/lh-8-0-0-coursehero-a.json", "8.0.0", "https://www.coursehero.com/", "mobile", 0.24, 3997, 10202, 1165, 0.112},
    {"external/psi-8-0-0-dkdev-a.json", "8.0.0", "https://dkdevelopment.net/", "mobile", 0.71, 3315, 5430, 97, 0},
    {"external/lh-subitems-a.json", "7.3.0", "https://toddle.com.au/", "mobile", 0.21, 2860, 11925, 2391, 0.002},
  };
  for (const auto& c : cases) {
    CAPTURE(c.file);
    const LighthouseReport r = load(c.file);
    CHECK(r.version == c.version);
    CHECK(r.url == c.url);
    CHECK(r.form_factor == c.form_factor);
    CHECK(r.runtime_error.empty());
    CHECK(*category(r, "performance") == doctest::Approx(c.score));
    CHECK(*audit(r, "first-contentful-paint") == doctest::Approx(c.fcp).epsilon(0.001));
    CHECK(*audit(r, "largest-contentful-paint") == doctest::Approx(c.lcp).epsilon(0.001));
    CHECK(std::round(*audit(r, "total-blocking-time")) == doctest::Approx(c.tbt).epsilon(0.002));
    CHECK(*audit(r, "cumulative-layout-shift") == doctest::Approx(c.cls).epsilon(0.01));
    CHECK(audit(r, "server-response-time"));
    CHECK(audit(r, "total-byte-weight"));
    CHECK_FALSE(r.resources.empty());
  }
}

TEST_CASE("sources::parse_lighthouse_report details") {
  SUBCASE("resource-summary rows, as lhci reads them (size, else transferSize)") {
    const LighthouseReport r = load("lhr/images-mobile-1.json");
    bool found = false;
    for (const auto& row : r.resources) {
      if (row.type == "image") {
        found = true;
        CHECK(*row.size == 7558622);
        CHECK(*row.count == 6);
      }
    }
    CHECK(found);
  }
  SUBCASE("the images a page loaded, from network-requests (any version), only when asked") {
    const std::string path = std::string(PERFGATE_FIXTURES) + "/lighthouse/lhr/images-mobile-1.json";
    const auto json = util::json::read_file(path);
    const LighthouseReport asked = sources::parse_lighthouse_reports(json, path, true, true).front();
    CHECK(asked.has_network_requests);
    REQUIRE(asked.served_images.size() == 6);  // mountain, lake, coast, forest, city, desert
    CHECK(asked.served_images[2].url == "http://127.0.0.1:8901/images/img/coast.png");
    CHECK(asked.served_images[2].mime == "image/png");
    CHECK(asked.served_images[2].bytes == 1753422);
    CHECK(asked.served_images[2].status == 200);
    const LighthouseReport not_asked = sources::parse_lighthouse_reports(json, path, true, false).front();
    CHECK(not_asked.served_images.empty());
  }
  SUBCASE("a runtimeError report: the error, null scores, errored audits") {
    const LighthouseReport r = load("lhr/error-unreachable.json");
    CHECK(r.runtime_error.rfind("CHROME_INTERSTITIAL_ERROR: Chrome prevented page load", 0) == 0);
    CHECK(r.requested_url == "http://127.0.0.1:9/");
    CHECK_FALSE(category(r, "performance"));
    CHECK_FALSE(audit(r, "first-contentful-paint"));
  }
  SUBCASE("a PageSpeed Insights v5 response wraps the report in lighthouseResult") {
    const auto inner = util::json::read_file(k_dir + "lhr/lean-desktop-1.json");
    const std::string wrapped = R"({"id": "x", "lighthouseResult": )" + std::string(inner.data(), inner.size()) +
                                R"(, "analysisUTCTimestamp": "2026-01-01T00:00:00Z"})";
    const auto r = sources::parse_lighthouse_report(simdjson::padded_string(wrapped), "psi.json");
    CHECK(r.form_factor == "desktop");
    CHECK(*category(r, "performance") == 1);
  }
}

TEST_CASE("sources::parse_lighthouse_report rejects bad input with the place") {
  CHECK(parse_error("[1, 2]") == "x.json: not a Lighthouse report: the JSON is not an object");
  CHECK(parse_error(R"({"name": "webpack"})").find("not a Lighthouse report") != std::string::npos);
  CHECK(parse_error(R"({"lighthouseVersion": "13.0.0", "audits": {"x": {"numericValue": "12"}}})")
            .find("audits.x.numericValue") != std::string::npos);
  CHECK(parse_error(R"({"lighthouseVersion": "13.0.0", "audits": []})").find("(in audits)") != std::string::npos);
  CHECK(parse_error(R"({"lighthouseVersion": "13.0.0", "categories": {"performance": {"score": "0.9"}}, "audits": {}})")
            .find("categories.performance.score") != std::string::npos);
  CHECK(parse_error(R"({"lighthouseVersion": "13.0.0", "audits": {"x": {"numericValue": 1e400}}})")
            .find("number") != std::string::npos);
  CHECK(parse_error(R"({"lighthouseVersion": "13.0.0", "audits": {)").find("x.json: ") == 0);
  CHECK(parse_error(R"({"lighthouseVersion": "13.0.0", "audits": {}} trailing)").find("content follows the end") != std::string::npos);
  CHECK(parse_error("{\"lighthouseVersion\": \"\xff\xfe\", \"audits\": {}}").find("UTF-8") != std::string::npos);
}

TEST_CASE("sources::parse_lighthouse_report: deep nesting in skipped values costs nothing") {
  // The parser descends a fixed few levels; simdjson skips the rest iteratively.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string json = R"({"lighthouseVersion": "13.0.0", "extra": )" + deep +
                           R"(, "audits": {"x": {"details": )" + deep + R"(, "numericValue": 5}}})";
  const auto r = sources::parse_lighthouse_report(simdjson::padded_string(json), "deep.json");
  REQUIRE(r.audits.size() == 1);
  CHECK(*r.audits[0].value == 5);
}
