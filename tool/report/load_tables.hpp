// The API half of the sign-off, laid out as an SLA's load-test tables: one row per
// load-test run (scenario, users, duration, p50/p95/p99, error rate, pass/fail) and one
// per endpoint (targets, measured values, the legacy p99 and the improvement on it).
// Shared by the HTML and Markdown reports.
#pragma once

#include "evaluate/outcome.hpp"

#include <optional>
#include <string>
#include <vector>

namespace report {

struct LoadRunRow {
  std::string scenario;  // --load NAME=FILE's NAME, else the file's name without folders and extension
  std::string named_scenario;  // the scenario the results carry
  std::string file, tool;
  std::optional<double> users, duration_ms, p50, p95, p99, error_rate, requests, throughput;
  std::string verdict;  // "pass", "fail", "warn", "not checked" (errors), "no budget"
  // A file that could not be read has a row with its file and verdict alone.
};

struct EndpointRow {
  std::string name;  // "GET /v1/patients/{id}"
  std::string file;
  struct Cell {
    std::optional<double> value;
    const evaluate::Verdict* verdict = nullptr;  // the budget on it, if any
    std::string target;  // the budget's limit where nothing was measured to judge
  };
  Cell p50, p95, p99, error_rate;
  std::optional<double> requests;
  std::optional<double> legacy_p99;  // the budget's "legacy" value
  std::optional<double> improvement;  // legacy p99 / measured p99
  std::string verdict;  // worst of its verdicts, as in LoadRunRow; "not measured" for an
                        // endpoint a budget names that the results lack
};

std::vector<LoadRunRow> load_run_rows(const evaluate::Outcome& outcome);
std::vector<EndpointRow> endpoint_rows(const evaluate::Outcome& outcome);

// "4.0×", "0.8×"
std::string factor_text(double factor);

// "14 s", "10 min", "2 h 05 min"
std::string duration_text(double ms);

}  // namespace report
