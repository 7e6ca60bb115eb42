// What every load-test reader fills in, and the steps the readers share: numbers that
// must be real durations or counts, duplicate names refused, samples added. One reader
// a file (k6_summary.cpp, locust.cpp, ...); recognise.cpp says which takes a file;
// load.cpp turns a run into measurements.
#pragma once

#include "sources/load/load.hpp"

#include <simdjson.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sources::load {

// The whole test: a key no tool's endpoint name can be, shown as k_all_name.
inline const std::string k_all = "\x01";
inline const std::string k_all_name = "all requests";

// What one endpoint (or all requests) of one run measured. Raw samples when the tool
// wrote them; otherwise the tool's own summary figures.
struct Endpoint {
  std::vector<double> samples;              // latencies, ms
  std::map<std::string, double> summary;    // "p50", "p95", "mean", "max"... from the tool
  std::optional<double> requests;
  std::optional<double> errors;             // 5xx and requests without a response
  double no_response = 0;                   // of those, requests that got no response
  std::string no_errors_why;                // why errors is unknown, when it is
  std::string summary_why;                  // why no percentile can be given, when none can
  std::vector<std::string> matched;         // the tool's request names grouped under a template
};

// One request of the run in time (for the capacity: results with per-request times).
struct Timed {
  double start_ms = 0;    // when it started (the tool's clock, ms)
  double elapsed_ms = 0;  // its latency
  float threads = -1;     // the tool's active threads/users then, or -1 when not written
  bool error = false;
};

struct Run {
  std::string tool;
  bool keep_timeline = false;  // set by read_run when the budget asks for the capacity
  std::vector<Timed> timeline;  // every request, when keep_timeline and the format has times
  std::vector<std::pair<double, double>> users_over_time;  // (ms, active users): k6's vus points, with the timeline
  // The run over time as the tool itself wrote it (Locust's stats history, Artillery's
  // intermediate reports), and what its intervals are.
  std::vector<Interval> intervals;
  std::string intervals_how;
  std::map<std::string, Endpoint> endpoints;  // by name; k_all for the whole test
  std::optional<double> duration_s;
  std::optional<double> users;
  std::vector<std::string> also_read;  // files read beside the one given (Locust's history)
};

// A file that cannot be read as the tool's result: the message names the row, line or
// field; read_load prefixes the file.
class Bad : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A figure as a load test can have it: finite and not negative, the whole field. Text
// ("10ms"), NaN, infinities and negative values are refused, naming `what`.
double figure(std::string_view text, const std::string& what);
double figure(simdjson::dom::element e, const std::string& what);
// The same for an optional JSON field (absent or null: nullopt).
std::optional<double> opt_figure(simdjson::dom::element obj, std::string_view key, const std::string& what);
std::string_view opt_string(simdjson::dom::element obj, std::string_view key);

// Refuse a JSON result with a key twice in one object: tools' own readers keep the last
// one (JSON.parse, Python), simdjson the first; a result that says two things is not a
// result to gate on.
void refuse_duplicate_keys(simdjson::dom::element root);

// The run over time (capacity.cpp): the tool's own intervals where it wrote them, else
// 1-second intervals of the requests' end times from the timeline; empty when neither.
// `how` says which.
std::vector<Interval> intervals_of(const Run& run, std::string& how);

// The breaking point of a run (capacity.cpp): the interval with the highest throughput
// that meets the targets (p95 under `p95_ms`, error rate under `error_rate` %) together
// with the intervals before and after it, and the users then. Empty values, with `why`,
// when there are no intervals.
struct Capacity {
  std::optional<double> throughput;  // requests/s
  std::optional<double> users;       // the tool's active threads/users in that interval
  std::optional<std::size_t> index;  // of the interval
  std::string note;                  // the interval and its figures
  std::string why;                   // why there is no value
};
Capacity capacity(const std::vector<Interval>& intervals, double p95_ms, double error_rate);

// Add one sample to its endpoint and to the whole run.
void add_sample(Run& run, const std::string& label, double ms, bool error);

// Add one sample to its endpoint only (a JMeter transaction controller's sample: a
// transaction's time, not a request of the run).
void add_to_endpoint(Run& run, const std::string& label, double ms, bool error);

// JMeter counts a sample an error by its assertions; the SLA counts 5xx and no response.
bool jmeter_error(std::string_view code);

// Whether a JMeter sample is a Transaction Controller's: its response message is
// "Number of samples in transaction : N, number of failing samples : M" (JMeter 2.13
// to 5.x write it so; tests/fixtures/load/jmeter/subsamples/MANIFEST.md).
bool jmeter_transaction(std::string_view message);

// The error of a JMeter file holding only transaction-controller samples ("Generate
// parent sample" on, in CSV or XML without sub-results): no request has a figure.
[[noreturn]] void jmeter_only_transactions();

// The readers, one file each.
void read_k6_summary(simdjson::dom::element root, Run& run);
void read_k6_points(const std::string& path, const LoadOptions& options, Run& run);
void read_artillery(simdjson::dom::element root, Run& run);
void read_autocannon(simdjson::dom::element root, Run& run);
struct Csv;
void read_locust(const Csv& csv, const std::string& path, Run& run);
void read_jmeter_csv(const Csv& csv, Run& run, bool headerless);
void read_jmeter_xml(const std::string& path, Run& run);

// Which reader takes `path`, and its run (recognise.cpp). Throws Bad or util::Error.
Run read_run(const std::string& path, const LoadOptions& options);

// A request as a tool names it, taken apart (templates.cpp): "GET http://h:8080/v1/x/1?q=2"
// is method "GET", path "/v1/x/1"; a name that is not a path has an empty path.
struct RequestName {
  std::string method;
  std::string path;
  bool raw = false;  // a URL, a query, or a value in the path: not a name the tool grouped by
};
RequestName split_request_name(std::string_view name);

// Whether the endpoint template "GET /v1/patients/{id}" (method optional; a {name}
// segment stands for any one segment of a raw request, and for a {name} segment of a
// name the tool grouped by itself) names `request`.
bool template_matches(std::string_view templ, const RequestName& request);

// Group the run's endpoints under the templates that name them (their samples pooled,
// counts summed); returns one problem per request two templates name.
std::vector<std::string> apply_templates(Run& run, const std::vector<std::string>& templates);

}  // namespace sources::load
