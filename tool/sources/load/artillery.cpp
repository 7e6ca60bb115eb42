// Artillery's `run --output report.json`: aggregate summaries (response-time
// histograms) and counters, per endpoint with the metrics-by-endpoint plugin.
#include "sources/load/run.hpp"

#include "util/strings.hpp"

namespace sources::load {

using simdjson::dom::element;
using simdjson::dom::object;

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
  auto first = opt_figure(aggregate, "firstMetricAt", "aggregate.firstMetricAt");
  auto last = opt_figure(aggregate, "lastMetricAt", "aggregate.lastMetricAt");
  if (!first) first = opt_figure(aggregate, "firstCounterAt", "aggregate.firstCounterAt");
  if (!last) last = opt_figure(aggregate, "lastCounterAt", "aggregate.lastCounterAt");
  if (first && last && *last > *first) run.duration_s = (*last - *first) / 1000;
}

}  // namespace sources::load
