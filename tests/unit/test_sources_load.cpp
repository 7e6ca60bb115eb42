// Load-test results: percentiles, the api: budget keys, and the units of error rates
// and throughput. The readers themselves are tested on real tool outputs end to end
// (tests/e2e/load.sh).
#include "budget/metrics.hpp"
#include "budget/threshold.hpp"
#include "sources/load/load.hpp"
#include "sources/load/run.hpp"

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("nearest-rank percentiles: the smallest sample with p % at or below it") {
  std::vector<double> s;
  for (int i = 1; i <= 100; ++i) s.push_back(i);
  CHECK(sources::nearest_rank(s, 50) == 50);
  CHECK(sources::nearest_rank(s, 95) == 95);
  CHECK(sources::nearest_rank(s, 99) == 99);
  CHECK(sources::nearest_rank(s, 100) == 100);
  const std::vector<double> three{10, 20, 30};
  CHECK(sources::nearest_rank(three, 50) == 20);  // ceil(1.5) = 2nd
  CHECK(sources::nearest_rank(three, 95) == 30);
  CHECK(sources::nearest_rank({7}, 1) == 7);
  CHECK(std::isnan(sources::nearest_rank({}, 50)));
}

TEST_CASE("api: keys name endpoints as the tools group them") {
  using budget::api_key_matches;
  CHECK(api_key_matches("api:GET /v1/patients/{id}:p95", "api:GET /v1/patients/{id}:p95"));
  CHECK_FALSE(api_key_matches("api:GET /v1/patients/{id}:p95", "api:GET /v1/patients/{id}:p99"));
  CHECK_FALSE(api_key_matches("api:GET /v1/patients/{id}:p95", "api:GET /v1/patients/search:p95"));
  CHECK(api_key_matches("api:*:p95", "api:POST /v1/billing/claims/{id}/submit:p95"));
  CHECK_FALSE(api_key_matches("api:*:p95", "api:p95"));  // every endpoint, not all requests
  CHECK(api_key_matches("api:GET /v1/*:error-rate", "api:GET /v1/patients/{id}/appointments:error-rate"));
  CHECK_FALSE(api_key_matches("api:GET /v1/*:error-rate", "api:POST /v1/patients:error-rate"));
  CHECK(api_key_matches("api:throughput", "api:throughput"));
  REQUIRE(budget::find_metric("api:GET /v1/patients/{id}:p95") != nullptr);
  CHECK(budget::find_metric("api:GET /v1/patients/{id}:p95")->quantity == budget::Quantity::time);
  CHECK(budget::find_metric("api:*:error-rate")->quantity == budget::Quantity::percent);
  CHECK(budget::find_metric("api:throughput")->quantity == budget::Quantity::rate);
  CHECK(budget::find_metric("api:GET /v1/x:nonsense") == nullptr);
}

TEST_CASE("error rates take %, throughput /s or rps; neither a bare number") {
  std::string error;
  auto t = budget::parse_threshold("< 0.1 %", budget::Quantity::percent, error);
  REQUIRE(t);
  CHECK(t->value == doctest::Approx(0.1));
  CHECK(t->unit == budget::Unit::percent);
  t = budget::parse_threshold("> 1000 /s", budget::Quantity::rate, error);
  REQUIRE(t);
  CHECK(t->value == 1000);
  CHECK(budget::parse_threshold(">= 1000 rps", budget::Quantity::rate, error));
  CHECK_FALSE(budget::parse_threshold("< 0.1", budget::Quantity::percent, error));
  CHECK(error.find("%") != std::string::npos);
  CHECK_FALSE(budget::parse_threshold("< 5 %", budget::Quantity::time, error));
  CHECK_FALSE(budget::parse_threshold("> 10 ms", budget::Quantity::rate, error));
}

// --- k6 points, streamed ----------------------------------------------------------------

#include "sources/load/k6_stream.hpp"
#include "util/error.hpp"

#include <zlib.h>

#include <algorithm>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace {

const std::string k_k6 = std::string(PERFGATE_FIXTURES) + "/load/k6/";

std::string gunzip_file(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  std::string out;
  char buf[1 << 16];
  for (int n; (n = gzread(f, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

std::string scratch(const std::string& name, const std::string& content) {
  const auto path = (std::filesystem::temp_directory_path() / ("perfgate-unit-" + name)).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// The message read_points gives for `path` (then removed), or "" when it reads it.
std::string points_error(const std::string& path) {
  std::string what;
  try {
    sources::k6::read_points(path, {});
  } catch (const util::Error& e) {
    what = e.what();
  }
  std::remove(path.c_str());
  return what;
}

}  // namespace

TEST_CASE("k6 points: the same samples whatever the block size and thread count") {
  const std::string text = gunzip_file(k_k6 + "sla.points.json.gz");
  const std::string path = scratch("k6.ndjson", text);
  sources::k6::Options o;
  const auto reference = sources::k6::read_points(k_k6 + "sla.points.json.gz", o);
  CHECK(reference.bytes == text.size());
  CHECK(reference.lines == static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')));
  CHECK(reference.users == doctest::Approx(20));
  REQUIRE(reference.endpoints.count("GET /v1/patients/{id}"));
  // Blocks of 4 KB hold ~15 lines: lines are carried across block ends thousands of times.
  for (std::size_t block : {std::size_t{4096}, std::size_t{100000}, std::size_t{8} << 20}) {
    for (unsigned jobs : {1u, 2u, 4u}) {
      o.block_bytes = block;
      o.jobs = jobs;
      const auto p = sources::k6::read_points(path, o);
      CHECK(p.lines == reference.lines);
      REQUIRE(p.endpoints.size() == reference.endpoints.size());
      for (const auto& [name, ep] : reference.endpoints) {
        CHECK(p.endpoints.at(name).ms == ep.ms);  // same order too: blocks are merged in file order
        CHECK(p.endpoints.at(name).errors == ep.errors);
      }
      CHECK(p.first == reference.first);
      CHECK(p.last == reference.last);
    }
  }
  std::remove(path.c_str());
}

TEST_CASE("k6 points: \"metric\" before or after \"data\" (k6 before 0.48), a name tag with its method") {
  const std::string before =
      R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-29T20:07:22.5Z","value":12.5,"tags":{"method":"GET","name":"/a","status":"200"}}})";
  const std::string after =
      R"({"type":"Point","data":{"time":"2026-11-29T20:07:23.5+01:00","value":7.25,"tags":{"method":"GET","name":"GET /a","status":"503"}},"metric":"http_req_duration"})";
  const std::string vus = R"({"type":"Point","data":{"time":"2026-11-29T20:07:22Z","value":3,"tags":null},"metric":"vus"})";
  const std::string path = scratch("k6-order.ndjson", before + "\n" + vus + "\n" + after + "\n");
  const auto p = sources::k6::read_points(path, {});
  REQUIRE(p.endpoints.size() == 1);
  CHECK(p.endpoints.at("GET /a").ms == std::vector<double>{12.5, 7.25});
  CHECK(p.endpoints.at("GET /a").errors == 1);
  CHECK(p.users == 3);
  // +01:00 is an hour earlier in UTC: the second point is the first in time.
  REQUIRE(p.first);
  CHECK(*p.last - *p.first == doctest::Approx(3599));
  std::remove(path.c_str());
}

TEST_CASE("k6 points: cut, wrong-typed, not JSON, or empty are errors naming the line") {
  const std::string good =
      R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-29T20:07:22Z","value":1,"tags":{"method":"GET","name":"/a","status":"200"}}})";
  auto message = [](const std::string& content) { return points_error(scratch("k6-bad.ndjson", content)); };
  CHECK(message(good + "\n" + good.substr(0, 60)).find("line 2: ") == 0);
  CHECK(message(good + "\n" + good + "\nnot json\n").find("line 3: ") == 0);
  std::string wrong = good;
  wrong.replace(wrong.find("\"value\":1"), 9, "\"value\":\"1\"");
  CHECK(message(good + "\n" + wrong + "\n") == "line 2: a http_req_duration point whose value is not a number");
  CHECK(message(R"({"metric":"vus","type":"Point","data":{"time":"2026-11-29T20:07:22Z","value":1}})" "\n")
            .find("no http_req_duration points") == 0);
  CHECK(message("") == "is empty");
  // A last line without its line break is read when it is whole.
  CHECK(message(good + "\n" + good).empty());
}

TEST_CASE("k6 points: review findings — no time carried over, bad tags named by line, BOM, no status") {
  const std::string a =
      R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-29T20:00:00Z","value":5,"tags":{"method":"GET","name":"/a","status":"200"}}})";
  const std::string vus = R"({"metric":"vus","type":"Point","data":{"time":"2030-01-01T00:00:00Z","value":2,"tags":null}})";
  const std::string no_time =
      R"({"metric":"http_req_duration","type":"Point","data":{"value":6,"tags":{"method":"GET","name":"/a","status":"200"}}})";
  {
    // A point without a time does not take the previous point's (here a vus point in 2030).
    const std::string path = scratch("k6-time.ndjson", a + "\n" + vus + "\n" + no_time + "\n");
    const auto p = sources::k6::read_points(path, {});
    REQUIRE(p.first);
    CHECK(*p.last == *p.first);
    std::remove(path.c_str());
  }
  {
    std::string bad = a;
    bad.replace(bad.find("\"tags\":{"), 8, "\"tags\":nul{");
    CHECK(points_error(scratch("k6-tags.ndjson", a + "\n" + a + "\n" + a + "\n" + bad + "\n")).rfind("line 4: ", 0) == 0);
  }
  {
    // Bad UTF-8 deep in a batch is named at its own line, not the batch's first.
    std::string text;
    for (int i = 0; i < 20000; ++i) text += a + "\n";
    std::string bad = a;
    bad.replace(bad.find("/a"), 2, "/\xff");
    text += bad + "\n" + a + "\n";
    CHECK(points_error(scratch("k6-utf8.ndjson", text)).rfind("line 20001: not JSON", 0) == 0);
  }
  {
    const std::string path = scratch("k6-bom.ndjson", "\xEF\xBB\xBF" + a + "\n" + a + "\n");
    CHECK(sources::k6::looks_like_points("\xEF\xBB\xBF\n\n" + a));
    CHECK(sources::k6::read_points(path, {}).endpoints.at("GET /a").ms.size() == 2);
    std::remove(path.c_str());
  }
  {
    std::string untagged = a;
    untagged.replace(untagged.find(",\"status\":\"200\""), 15, "");
    const std::string path = scratch("k6-nostatus.ndjson", untagged + "\n" + a + "\n");
    const auto p = sources::k6::read_points(path, {});
    CHECK(p.endpoints.at("GET /a").with_status == 1);
    std::remove(path.c_str());
  }
}

TEST_CASE("--load: k6 without status tags has no error rate; a name clashing with \"all requests\" is refused") {
  const std::string a =
      R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-29T20:00:00Z","value":5,"tags":{"method":"GET","name":"/a"}}})";
  const std::string path = scratch("k6-rate.ndjson", a + "\n" + a + "\n");
  const auto r = sources::read_load({path});
  CHECK(r.errors.empty());
  bool seen = false;
  for (const auto& m : r.measurements) {
    if (m.metric == "api:error-rate") {
      seen = true;
      CHECK_FALSE(m.value);
      CHECK(m.note.find("without a status tag") != std::string::npos);
    }
  }
  CHECK(seen);
  std::string clash = a;
  clash.replace(clash.find("\"method\":\"GET\","), 15, "");
  clash.replace(clash.find("\"/a\""), 4, "\"all requests\"");
  const std::string path2 = scratch("k6-clash.ndjson", a + "\n" + clash + "\n");
  const auto r2 = sources::read_load({path2});
  REQUIRE(r2.errors.size() == 1);
  CHECK(r2.errors[0].message.find("perfgate's name for the whole run") != std::string::npos);
  CHECK(r2.measurements.empty());
  std::remove(path.c_str());
  std::remove(path2.c_str());
}

TEST_CASE("--load: a JMeter label clashing with \"all requests\" is refused like a k6 name tag") {
  std::ifstream in(std::string(PERFGATE_FIXTURES) + "/load/jmeter/faults-csv.jtl");
  std::stringstream text;
  text << in.rdbuf();
  std::string jtl = text.str();
  const auto at = jtl.find("POST /v1/insurance/verify");
  REQUIRE(at != std::string::npos);
  jtl.replace(at, 25, "all requests");
  const std::string path = scratch("clash.jtl", jtl);
  const auto r = sources::read_load({path});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("perfgate's name for the whole run") != std::string::npos);
  CHECK(r.measurements.empty());
  std::remove(path.c_str());
}

TEST_CASE("k6 points: a line longer than 64 MB is refused, not read into memory without end") {
  const std::string head = R"({"metric":"vus","type":"Point","data":{"value":1}})";
  const std::string path = scratch("k6-long.ndjson", head + "\n{\"metric\":\"" + std::string(std::size_t{65} << 20, 'x') + "\"}\n");
  CHECK(points_error(path) == "a line longer than 64 MB: not k6 points");
}

TEST_CASE("load templates: a request named by its URL matches its OpenAPI path template") {
  using sources::load::split_request_name;
  using sources::load::template_matches;
  const auto r = split_request_name("GET http://127.0.0.1:8080/v1/patients/123?include=contacts#x");
  CHECK(r.method == "GET");
  CHECK(r.path == "/v1/patients/123");
  CHECK(template_matches("GET /v1/patients/{id}", r));
  CHECK(template_matches("/v1/patients/{id}", r));           // no method: any
  CHECK_FALSE(template_matches("PUT /v1/patients/{id}", r));  // another method
  CHECK_FALSE(template_matches("GET /v1/patients/{id}/appointments", r));
  CHECK_FALSE(template_matches("GET /v1/patients/search", r));  // a literal segment is literal
  CHECK(template_matches("GET /v1/patients/search", split_request_name("GET /v1/patients/search?q=a")));
  CHECK(template_matches("POST /v1/patients", split_request_name("POST https://api.example/v1/patients")));
  CHECK(split_request_name("Search patients").path.empty());  // a name of the test's own: no path
  // A name the tool grouped by itself keeps its group: {id} takes "{patientId}", never "search".
  CHECK(template_matches("GET /v1/patients/{id}", split_request_name("GET /v1/patients/{patientId}")));
  CHECK_FALSE(template_matches("GET /v1/patients/{id}", split_request_name("GET /v1/patients/search")));
  CHECK(template_matches("/v1/patients/search", split_request_name("GET /v1/patients/search")));
  CHECK(split_request_name("https://h").path == "/");
}

TEST_CASE("load templates: requests grouped under a template pool their samples") {
  sources::load::Run run;
  run.tool = "JMeter";
  for (int i = 1; i <= 10; ++i) sources::load::add_sample(run, "http://h/v1/patients/" + std::to_string(i), i * 10.0, i == 10);
  sources::load::add_sample(run, "http://h/v1/patients/search?q=a", 5, false);
  const auto problems = sources::load::apply_templates(run, {"/v1/patients/{id}", "/v1/patients/search"});
  CHECK(problems.empty());
  REQUIRE(run.endpoints.count("/v1/patients/{id}"));
  const auto& ep = run.endpoints.at("/v1/patients/{id}");
  CHECK(ep.samples.size() == 10);
  CHECK(*ep.requests == 10);
  CHECK(*ep.errors == 1);
  CHECK(ep.matched.size() == 10);
  CHECK(run.endpoints.count("/v1/patients/search"));
  // Two templates that both take a request: an error naming both.
  sources::load::Run two;
  sources::load::add_sample(two, "GET http://h/v1/a/b", 1, false);
  const auto p = sources::load::apply_templates(two, {"GET /v1/{x}/b", "GET /v1/{y}/b"});
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("/v1/{x}/b") != std::string::npos);
  CHECK(p[0].find("/v1/{y}/b") != std::string::npos);
  // A concrete segment wins over a templated one (OpenAPI): no ambiguity.
  sources::load::Run three;
  sources::load::add_sample(three, "GET http://h/v1/a/b", 1, false);
  CHECK(sources::load::apply_templates(three, {"GET /v1/{x}/b", "GET /v1/a/{y}"}).empty());
  CHECK(three.endpoints.count("GET /v1/a/{y}"));
}

TEST_CASE("capacity: sustained over an interval and its neighbours; too short a run has none") {
  using sources::Interval;
  auto iv = [](double t, double rps, double users, double p95, double err) {
    Interval v;
    v.start_s = t;
    v.requests = v.throughput = rps;
    v.users = users;
    v.p95_ms = p95;
    v.error_rate = err;
    return v;
  };
  // A spike of one interval within the targets between two that miss does not count.
  std::vector<Interval> run = {iv(0, 10, 5, 100, 0), iv(1, 20, 10, 100, 0), iv(2, 30, 15, 200, 0), iv(3, 40, 20, 900, 0),
                               iv(4, 80, 25, 100, 0), iv(5, 45, 30, 900, 5)};
  auto c = sources::load::capacity(run, 500, 1);
  REQUIRE(c.index);
  CHECK(*c.index == 1);
  CHECK(*c.throughput == 20);
  CHECK(*c.users == 10);
  // Ties in throughput: more users, then the later interval.
  run = {iv(0, 10, 5, 100, 0), iv(1, 30, 10, 100, 0), iv(2, 30, 12, 100, 0), iv(3, 30, 12, 100, 0), iv(4, 5, 1, 100, 0)};
  c = sources::load::capacity(run, 500, 1);
  REQUIRE(c.index);
  CHECK(*c.index == 3);
  // An interval with no error rate (no requests) does not hold.
  run = {iv(0, 10, 5, 100, 0), iv(1, 10, 5, 100, 0), iv(2, 10, 5, 100, 0)};
  run[0].error_rate.reset();
  c = sources::load::capacity(run, 500, 1);
  CHECK(!c.index);
  CHECK(*c.throughput == 0);
  // Two intervals cannot show a sustained level: no value, and why.
  c = sources::load::capacity({iv(0, 10, 5, 100, 0), iv(10, 10, 5, 100, 0)}, 500, 1);
  CHECK(!c.throughput);
  CHECK(c.why.find("too short") != std::string::npos);
}

TEST_CASE("the run over time: bad histories are errors naming the file and row") {
  const std::string ramps = std::string(PERFGATE_FIXTURES) + "/load/ramps/";
  auto read_text = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  auto error_of = [](const std::string& path) {
    try {
      sources::load::read_run(path, {});
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // Locust: a NaN in the history's 95% column, and rows out of time order.
  const std::string dir = (std::filesystem::temp_directory_path() / "perfgate-unit-ramp").string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/r_stats.csv", std::ios::binary) << read_text(ramps + "locust-ramp_stats.csv");
  std::string history = read_text(ramps + "locust-ramp_stats_history.csv");
  const auto agg = history.find(",Aggregated,", history.find(",Aggregated,", history.find(",Aggregated,") + 1) + 1);
  REQUIRE(agg != std::string::npos);
  std::string bad = history;
  const auto line_end = bad.find('\n', agg);
  const auto line_start = bad.rfind('\n', agg) + 1;
  std::string row = bad.substr(line_start, line_end - line_start);
  // Its 12th field is "95%": replace it with NaN.
  std::size_t at = 0;
  for (int i = 0; i < 11; ++i) at = row.find(',', at) + 1;
  row.replace(at, row.find(',', at) - at, "NaN");
  bad.replace(line_start, line_end - line_start, row);
  std::ofstream(dir + "/r_stats_history.csv", std::ios::binary) << bad;
  std::string what = error_of(dir + "/r_stats.csv");
  CHECK(what.find("r_stats_history.csv line") != std::string::npos);
  CHECK(what.find("95%") != std::string::npos);
  // The real one reads, with its intervals.
  std::ofstream(dir + "/r_stats_history.csv", std::ios::binary) << history;
  const auto run = sources::load::read_run(dir + "/r_stats.csv", {});
  CHECK(run.intervals.size() == 22);
  std::filesystem::remove_all(dir);
  // Artillery: two intermediate reports of one period.
  std::string report = read_text(ramps + "artillery-ramp.report.json");
  const auto first = report.find("\"period\": \"");
  const auto second = report.find("\"period\": \"", first + 1);
  REQUIRE(second != std::string::npos);
  report.replace(second + 11, 13, report.substr(first + 11, 13));
  const std::string path = scratch("artillery-dup.json", report);
  what = error_of(path);
  std::remove(path.c_str());
  CHECK(what.find("two intermediate reports of one period") != std::string::npos);
}

TEST_CASE("--openapi: operations under the servers' path or the basePath; not a document is an error") {
  auto ops = [](const std::string& name, const std::string& text) {
    const std::string path = scratch(name, text);
    std::vector<std::string> out;
    try {
      out = sources::openapi_templates(path);
    } catch (const util::Error& e) {
      out = {std::string("error: ") + e.what()};
    }
    std::remove(path.c_str());
    return out;
  };
  // OpenAPI 3, YAML, two servers with different paths: each operation under each.
  auto v3 = ops("oa3.yaml", "openapi: 3.1.0\nservers:\n  - url: https://api.example.com/v1/\n  - url: /\npaths:\n"
                            "  /x/{id}:\n    parameters: []\n    get: {}\n    delete: {}\n");
  std::sort(v3.begin(), v3.end());
  CHECK(v3 == std::vector<std::string>{"DELETE /v1/x/{id}", "DELETE /x/{id}", "GET /v1/x/{id}", "GET /x/{id}"});
  // Swagger 2, JSON, basePath.
  CHECK(ops("oa2.json", R"({"swagger":"2.0","basePath":"/api","paths":{"/a":{"post":{}}}})") ==
        std::vector<std::string>{"POST /api/a"});
  // Not OpenAPI; no paths; a path without its slash; no operations.
  CHECK(ops("no.json", R"({"paths":{}})")[0].find("not an OpenAPI document") != std::string::npos);
  CHECK(ops("nopaths.yaml", "openapi: 3.0.0\n")[0].find("without \"paths\"") != std::string::npos);
  CHECK(ops("slash.yaml", "openapi: 3.0.0\npaths:\n  x: {get: {}}\n")[0].find("does not start with /") != std::string::npos);
  CHECK(ops("noops.yaml", "openapi: 3.0.0\npaths:\n  /x: {summary: s}\n")[0].find("no operations") != std::string::npos);
  CHECK(ops("dup.json", R"({"openapi":"3.0.0","paths":{"/a":{"get":{}},"/a":{"put":{}}}})")[0].find("error: ") == 0);
}
