// Artillery's `run --output report.json`: aggregate summaries (response-time
// histograms) and counters, per endpoint with the metrics-by-endpoint plugin.
#include "sources/load/run.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace sources::load {

using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// The run over time: Artillery's intermediate reports, one per reporting period (10 s,
// aligned to the clock, so the first and last are partial), each with the period's own
// counters and response-time summary. Users active at a period's end: virtual users
// created so far less those completed or failed.
void read_intermediate(element list, Run& run) {
  if (!list.is_array()) return;
  struct Period {
    double at_ms;
    Interval v;
    double created = 0, ended = 0;
  };
  std::vector<Period> periods;
  std::size_t i = 0;
  const simdjson::dom::array items = list.get_array().value_unsafe();
  for (element e : items) {
    const std::string where = "intermediate[" + std::to_string(i++) + "]";
    if (!e.is_object()) throw Bad(where + ": not an object");
    Period p{};
    std::string_view text;
    element at = e["period"];
    if (at.is_string() && !at.get_string().get(text)) p.at_ms = figure(text, where + ".period");
    else if (at.is_number()) p.at_ms = figure(at, where + ".period");
    else throw Bad(where + ": no period");
    double errors = 0;
    element counters = e["counters"];
    if (counters.is_object()) {
      const object fields = counters.get_object().value_unsafe();
      for (auto f : fields) {
        const std::string k(f.key);
        const bool wanted = k == "http.requests" || util::starts_with(k, "http.codes.5") || util::starts_with(k, "errors.") ||
                            k == "vusers.created" || k == "vusers.completed" || k == "vusers.failed";
        if (!wanted) continue;
        const double v = figure(f.value, where + ".counters." + k);
        if (k == "http.requests") p.v.requests = v;
        else if (k == "vusers.created") p.created = v;
        else if (k == "vusers.completed" || k == "vusers.failed") p.ended += v;
        else errors += v;
      }
    }
    element summaries = e["summaries"];
    if (summaries.is_object()) {
      element rt = summaries["http.response_time"];
      if (rt.is_object()) p.v.p95_ms = opt_figure(rt, "p95", where + ".summaries.http.response_time.p95");
    }
    if (p.v.requests > 0) p.v.error_rate = 100 * errors / p.v.requests;
    periods.push_back(p);
  }
  std::sort(periods.begin(), periods.end(), [](const Period& a, const Period& b) { return a.at_ms < b.at_ms; });
  double active = 0;
  for (std::size_t k = 0; k < periods.size(); ++k) {
    Period& p = periods[k];
    if (k > 0 && p.at_ms == periods[k - 1].at_ms) throw Bad("two intermediate reports of one period (" + std::to_string(p.at_ms) + ")");
    const double next = k + 1 < periods.size() ? periods[k + 1].at_ms - p.at_ms : k > 0 ? p.at_ms - periods[k - 1].at_ms : 10'000;
    p.v.start_s = (p.at_ms - periods.front().at_ms) / 1000;
    p.v.seconds = next / 1000;
    p.v.throughput = p.v.requests / p.v.seconds;
    active += p.created - p.ended;
    p.v.users = std::max(active, 0.0);
    run.intervals.push_back(p.v);
  }
  run.intervals_how = "Artillery's intermediate reports: one per 10-second period, the first and last partial";
}

}  // namespace

void read_artillery(element root, Run& run) {
  run.tool = "Artillery";
  element aggregate = root["aggregate"];
  element summaries = aggregate["summaries"], counters = aggregate["counters"];
  if (!summaries.is_object()) throw Bad("an Artillery report without aggregate.summaries (a failed run?)");
  auto trend = [](element s, const std::string& key, Endpoint& ep) {
    if (!s.is_object()) throw Bad("aggregate.summaries." + key + ": not an object");
    const object fields = s.get_object().value_unsafe();
    for (auto f : fields) {
      const std::string k(f.key);
      if (k == "p50" || k == "p90" || k == "p95" || k == "p99" || k == "max" || k == "mean") {
        ep.summary[k] = figure(f.value, "aggregate.summaries." + key + "." + k);
      }
    }
    if (auto n = opt_figure(s, "count", "aggregate.summaries." + key + ".count")) ep.requests = *n;
  };
  const std::string prefix = "plugins.metrics-by-endpoint.response_time.";
  const object summary_fields = summaries.get_object().value_unsafe();
  for (auto f : summary_fields) {
    const std::string k(f.key);
    if (k == "http.response_time") trend(f.value, k, run.endpoints[k_all]);
    else if (util::starts_with(k, prefix)) trend(f.value, k, run.endpoints[k.substr(prefix.size())]);
  }
  // Requests and errors: HTTP 5xx codes and errors (no response) from the counters.
  if (counters.is_object()) {
    const object counter_fields = counters.get_object().value_unsafe();
    for (auto f : counter_fields) {
      const std::string k(f.key);
      const double v = figure(f.value, "aggregate.counters." + k);
      auto add_error = [&](const std::string& name, bool responded) {
        auto& ep = run.endpoints[name];
        ep.errors = ep.errors.value_or(0) + v;
        if (!responded) ep.no_response += v;
      };
      if (k == "http.requests") run.endpoints[k_all].requests = v;
      else if (util::starts_with(k, "http.codes.5")) add_error(k_all, true);
      else if (util::starts_with(k, "errors.")) add_error(k_all, false);
      else if (util::starts_with(k, "plugins.metrics-by-endpoint.")) {
        const std::string rest = k.substr(28);
        auto codes = rest.rfind(".codes.5"), errors = rest.rfind(".errors.");
        if (codes != std::string::npos) add_error(rest.substr(0, codes), true);
        else if (errors != std::string::npos) add_error(rest.substr(0, errors), false);
      }
    }
  }
  for (auto& [name, ep] : run.endpoints) {
    if (!ep.errors) ep.errors = 0;
    // metrics-by-endpoint's response times count responses only: a request that got
    // none is a request too (http.requests counts them for the whole test).
    if (name != k_all && ep.requests) ep.requests = *ep.requests + ep.no_response;
  }
  read_intermediate(root["intermediate"], run);
  auto first = opt_figure(aggregate, "firstMetricAt", "aggregate.firstMetricAt");
  auto last = opt_figure(aggregate, "lastMetricAt", "aggregate.lastMetricAt");
  if (!first) first = opt_figure(aggregate, "firstCounterAt", "aggregate.firstCounterAt");
  if (!last) last = opt_figure(aggregate, "lastCounterAt", "aggregate.lastCounterAt");
  if (first && last && *last > *first) run.duration_s = (*last - *first) / 1000;
}

}  // namespace sources::load
