// Load-test results (--load): the API half of the SLA. Each file is recognised by its
// content — k6 (--out json points, --summary-export, handleSummary JSON), Locust (--csv
// stats), Artillery (--output report, with metrics-by-endpoint), autocannon (--json),
// JMeter JTL (CSV and XML) — and read into per-endpoint latency percentiles, error rate and
// request counts, plus the same for all requests together and the test's throughput.
#pragma once

#include "sources/measurement.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sources {

struct LoadOptions {
  unsigned jobs = 1;      // threads for k6 points files
  bool progress = false;  // a progress line on stderr while a large file is read
  // Endpoint templates the budget names ("GET /v1/patients/{id}", "POST /v1/patients"):
  // requests a tool named by their URL are grouped under the template that matches.
  std::vector<std::string> templates;
  // The API's operations (--openapi: "GET /v1/patients/{id}"), grouping requests as the
  // API defines them. A tool that names requests without their method (a JMeter label
  // that is a URL) has them grouped by path alone.
  std::vector<std::string> operations;
  // The capacity (api:capacity, api:capacity-users): the targets an interval must meet,
  // when the budget asks for it. Each scenario's own (scoped) targets where it has them.
  struct Capacity {
    double p95_ms = 500;      // an interval's p95 must be under this
    double error_rate = 1;    // and its error rate (%) under this
    std::map<std::string, std::pair<double, double>> by_scenario;  // scenario -> (p95, error rate)
  };
  std::optional<Capacity> capacity;
  // Keep every request's time (JMeter, k6 points) for the run over time: the sign-off
  // (HTML) draws it. Results with a history of their own always give it.
  bool series = false;
};

// One result file and the scenario it is a run of (--load NAME=FILE; NAME defaults to
// the file's stem).
struct LoadInput {
  std::string scenario;
  std::string file;
};

// The scenario name of a file given without one: its name without folders and the
// extensions of results ("runs/spike.jtl" -> "spike", "sla.points.json.gz" ->
// "sla.points", Locust's "sla_stats.csv" -> "sla").
std::string scenario_of(const std::string& file);

// Read the results (source "load"). Endpoints are named as the tool groups them (k6's
// method and name tag, Locust's type and name, Artillery's request name, JMeter's
// label) or by the budget's templates; "all requests" is the whole test. With one
// scenario, subjects are the endpoints; with several, "<scenario>: <endpoint>", and the
// same endpoint may be in each.
SourceResult read_load(const std::vector<LoadInput>& inputs, const LoadOptions& options = {});
// Each file its own scenario, by its stem.
SourceResult read_load(const std::vector<std::string>& files, const LoadOptions& options = {});

// The operations of an OpenAPI 3.x / Swagger 2.0 document (YAML or JSON) as endpoint
// templates ("GET /v1/patients/{id}"), each path under the servers' (or basePath's)
// path. Throws util::Error naming the file when it is not such a document.
std::vector<std::string> openapi_templates(const std::string& path);

// The nearest-rank percentile of sorted `samples` (p in (0, 100]): the smallest value
// with at least p % of the samples at or below it.
double nearest_rank(const std::vector<double>& sorted, double p);

}  // namespace sources
