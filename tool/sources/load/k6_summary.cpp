// k6's end-of-test summary: `k6 run --summary-export=FILE` (figures at the metric) and
// a handleSummary JSON (figures under "values"). Per-endpoint figures exist only for the
// sub-metrics a threshold named (http_req_duration{name:...}).
#include "sources/load/run.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace sources::load {

using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// A k6 trend's statistics as k6 names them ("avg", "med", "p(90)") into perfgate's.
void trend(element values, const std::string& metric, Endpoint& ep) {
  if (!values.is_object()) throw Bad("metrics." + metric + ": a trend that is not an object");
  const object fields = values.get_object().value_unsafe();
  for (auto field : fields) {
    const std::string key(field.key), what = "metrics." + metric + "." + key;
    if (key == "avg") ep.summary["mean"] = figure(field.value, what);
    else if (key == "med") ep.summary["p50"] = figure(field.value, what);
    else if (key == "max") ep.summary["max"] = figure(field.value, what);
    else if (key.size() > 3 && key.substr(0, 2) == "p(" && key.back() == ')') {
      std::string p = key.substr(2, key.size() - 3);  // "95", "99.9"
      std::replace(p.begin(), p.end(), '.', '_');
      ep.summary["p" + p] = figure(field.value, what);
    }
  }
}

}  // namespace

void read_k6_summary(element root, Run& run) {
  run.tool = "k6 summary";
  object metrics = root["metrics"].get_object();
  // handleSummary's JSON nests the figures in "values"; --summary-export does not.
  auto values = [](element m) {
    element v;
    return m.is_object() && m.get_object().value_unsafe()["values"].get(v) == simdjson::SUCCESS ? v : m;
  };
  for (auto field : metrics) {
    const std::string key(field.key);
    element m = values(field.value);
    if (key == "http_req_duration" || util::starts_with(key, "http_req_duration{name:")) {
      std::string name = key == "http_req_duration" ? k_all : key.substr(23, key.size() - 24);
      trend(m, key, run.endpoints[name]);
    }
  }
  auto& all = run.endpoints[k_all];
  element reqs, failed, vus;
  if (metrics["http_reqs"].get(reqs) == simdjson::SUCCESS) all.requests = opt_figure(values(reqs), "count", "metrics.http_reqs.count");
  if (metrics["http_req_failed"].get(failed) == simdjson::SUCCESS) {
    // A rate metric: "passes" counts the requests for which http_req_failed was true.
    all.errors = opt_figure(values(failed), "passes", "metrics.http_req_failed.passes");
  }
  if (metrics["vus_max"].get(vus) == simdjson::SUCCESS) {
    run.users = opt_figure(values(vus), "max", "metrics.vus_max.max");
    if (!run.users) run.users = opt_figure(values(vus), "value", "metrics.vus_max.value");
  }
  element state, ms;
  if (root["state"].get(state) == simdjson::SUCCESS && state["testRunDurationMs"].get(ms) == simdjson::SUCCESS) {
    run.duration_s = figure(ms, "state.testRunDurationMs") / 1000;
  }
  if (!run.duration_s && all.requests) {
    if (auto rate = opt_figure(values(reqs), "rate", "metrics.http_reqs.rate"); rate && *rate > 0) {
      run.duration_s = *all.requests / *rate;
    }
  }
}

}  // namespace sources::load
