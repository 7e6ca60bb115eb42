// What every source produces: measurements of subjects (a page and form factor,
// an entrypoint, a file, an image folder), and the problems it met reading its
// inputs. Sources never see a budget; evaluate/ holds the two together.
#pragma once

#include "budget/threshold.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sources {

// One contributor to a measurement: a file and its size, an image and its bytes.
struct Detail {
  std::string name;
  double value = 0;
  std::string note;  // e.g. "async", "no WebP/AVIF sibling"
};

struct Measurement {
  std::string metric;   // the budget key it answers: "largest-contentful-paint", "entrypoint:main"
  std::string subject;  // "http://127.0.0.1:8080/ (mobile)", "main", "img/hero.png"
  std::string variant;  // "" or, for sizes, "gzip" / "brotli" / "raw"
  int run = 0;          // index of the run among several reports of one page
  std::optional<double> value;  // nullopt: the input had no valid value (null, error)
  budget::Unit unit = budget::Unit::unitless;
  std::vector<Detail> details;  // largest contributors first
  std::string origin;  // the input file it was read from
  std::string note;    // why value is missing, when it is
};

// A thing measured, with what budgets may filter on.
struct Subject {
  std::string name;
  std::string url;          // pages only
  std::string form_factor;  // pages only: "mobile" / "desktop"
  bool failed = false;      // its input could not be read; its problems are in errors
  std::vector<std::string> origins;  // input files, in run order
  std::string tool;                  // load-test results only: "k6 points", "Locust", …
  std::string scenario;              // load-test results only: the NAME of --load NAME=FILE
};

// A problem with an input: one line for stderr and the "errors" of the result.
struct Problem {
  std::string source;
  std::string subject;  // may be empty
  std::string file;     // the input named in the message
  std::string message;
  // Return "<file>: <message>".
  std::string line() const { return file.empty() ? message : file + ": " + message; }
};

// A load-test run over time (for the capacity and the sign-off's charts): one point per
// interval, as the tool's own history has them (Locust's stats history, Artillery's
// intermediate reports) or as perfgate makes them from per-request times (1-second
// intervals of end times: JMeter JTL, k6 points).
struct Interval {
  double start_s = 0;   // since the run's first interval
  double seconds = 1;   // its length
  double requests = 0;  // completed in it
  double throughput = 0;  // requests/s
  std::optional<double> users, p95_ms, error_rate;  // error rate in %
};

struct Series {
  std::string scenario;
  std::string origin;  // the result file
  std::string tool;
  std::string how;     // where the intervals come from, for the reader of the chart
  std::vector<Interval> intervals;
  // The breaking point (api:capacity): the interval, and the targets it was judged by.
  std::optional<std::size_t> breaking_point;
  double p95_target_ms = 0, error_target = 0;
  bool judged = false;  // the capacity was asked for and computed on these intervals
  std::string capacity_note;  // what the capacity found, or why it could not
};

struct SourceResult {
  std::string source;  // "lighthouse", "bundle", "files", "images"
  std::vector<Subject> subjects;
  std::vector<Measurement> measurements;
  std::vector<Problem> errors;
  // Every file and folder the source read beyond what it was given (a stats file's
  // output folder, Locust's history beside its stats, the reports an lhci manifest
  // names): no output may be written onto them either.
  std::vector<std::string> inputs;
  std::vector<Series> series;  // load tests: each run over time, where the result has it
  // What produced the inputs, for the sign-off: ("Lighthouse", "12.2.1"), ("Chrome",
  // "131.0.6778.85"), ("form factor", "mobile"), ("load tool", "Locust"), ... each once.
  std::vector<std::pair<std::string, std::string>> environment;
};

// Add ("Lighthouse", "12.2.1") to `result`'s environment unless it is there; nothing
// for an empty value.
inline void add_environment(SourceResult& result, std::string key, std::string value) {
  if (value.empty()) return;
  for (const auto& [k, v] : result.environment) {
    if (k == key && v == value) return;
  }
  result.environment.emplace_back(std::move(key), std::move(value));
}

}  // namespace sources
