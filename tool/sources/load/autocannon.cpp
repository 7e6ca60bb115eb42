// autocannon's `--json` result: one URL per run, its latency percentiles and status
// classes. The JSON does not say the method.
#include "sources/load/run.hpp"

namespace sources::load {

using simdjson::dom::element;

void read_autocannon(element root, Run& run) {
  run.tool = "autocannon";
  const std::string_view url = opt_string(root, "url"), title = opt_string(root, "title");
  std::string path(url);
  if (auto scheme = path.find("://"); scheme != std::string::npos) {
    const auto slash = path.find('/', scheme + 3);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  // The endpoint is its --title ("POST /v1/imaging", "GET /v1/patients/{id}"), else the
  // path alone — never a guessed method.
  const std::string name = title.empty() ? path : std::string(title);
  element latency = root["latency"];
  double responses = 0;
  for (std::string_view k : {"1xx", "2xx", "3xx", "4xx", "5xx"}) {
    responses += opt_figure(root, k, std::string(k)).value_or(0);
  }
  const double no_response = opt_figure(root, "errors", "errors").value_or(0);
  const double server_errors = opt_figure(root, "5xx", "5xx").value_or(0);
  for (auto& key : {k_all, name}) {
    auto& ep = run.endpoints[key];
    for (auto [field, stat] : {std::pair{"p50", "p50"}, {"p90", "p90"}, {"p99", "p99"}, {"average", "mean"}, {"max", "max"}}) {
      if (auto v = opt_figure(latency, field, std::string("latency.") + field)) ep.summary[stat] = *v;
    }
    ep.requests = responses + no_response;
    ep.errors = server_errors + no_response;
    ep.no_response = no_response;
  }
  run.duration_s = opt_figure(root, "duration", "duration");
  run.users = opt_figure(root, "connections", "connections");
}

}  // namespace sources::load
