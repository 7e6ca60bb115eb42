#include "report/describe.hpp"

#include "budget/metrics.hpp"
#include "budget/units.hpp"

#include <cmath>

namespace report {

std::string verdict_label(const evaluate::Verdict& v) {
  return v.variant.empty() ? v.metric : v.metric + " (" + v.variant + ")";
}

bool regression_only(const evaluate::Verdict& v) {
  return !v.regression.empty() && evaluate::overage(v) <= 0;
}

std::string verdict_sentence(const evaluate::Verdict& v) {
  std::string s = budget::human_value_against(v.value, v.limit, v.unit, v.metric) + ", limit " + v.limit_text;
  if (v.status != evaluate::Status::pass && !regression_only(v)) {
    s += ", " + budget::human_overage(evaluate::overage(v), v.op, v.unit, v.metric);
  }
  if (v.values.size() > 1) {
    s += " (" + v.aggregate + " of " + std::to_string(v.values.size()) + " runs)";
  }
  if (v.baseline && v.regression.empty()) s += "; " + budget::human_delta(v.value - *v.baseline, v.unit, v.metric) + " since the baseline";
  if (!v.regression.empty()) s += "; " + v.regression;
  return s;
}

std::string margin_text(const evaluate::Verdict& v) {
  if (!std::isfinite(v.limit)) return "\u2014";
  return budget::human_delta(-evaluate::overage(v), v.unit, v.metric);
}

std::string outcome_headline(const evaluate::Outcome& outcome) {
  std::size_t failed = 0, warned = 0;
  for (const auto& v : outcome.results) {
    failed += v.status == evaluate::Status::fail;
    warned += v.status == evaluate::Status::warn;
  }
  const std::string n = std::to_string(outcome.results.size());
  const std::size_t errors = outcome.errors.size();
  // A budget exceeded is the news, whatever else could not be checked: FAIL first. The
  // exit code is still 2 when something could not be checked (the contract).
  std::string s;
  if (failed) {
    s = "FAIL: " + std::to_string(failed) + " of " + n + " budgets exceeded";
    if (errors) s += ", and " + std::to_string(errors) + " could not be checked";
  } else if (errors) {
    s = "ERROR: " + std::to_string(errors) + " could not be checked";
  } else {
    s = "PASS: all " + n + " budgets met";
  }
  if (warned) s += ", " + std::to_string(warned) + " warning" + (warned > 1 ? "s" : "");
  return s;
}

std::string human_label(const evaluate::Verdict& v) {
  std::string label = budget::metric_title(v.metric);
  // A bundle key names its subject ("entrypoint:main"), which the sentence names after
  // "on": the label says what is measured (docs/budgets.md).
  if (v.metric.starts_with("entrypoint:")) label = "Initial JS + CSS";
  if (v.metric.starts_with("route:")) label = "First-load JS + CSS";
  return v.variant.empty() ? label : label + " (" + v.variant + ")";
}

std::string failure_sentence(const evaluate::Verdict& v) { return human_label(v) + " " + failure_detail(v); }

std::string failure_detail(const evaluate::Verdict& v) {
  std::string s = budget::human_value_against(v.value, v.limit, v.unit, v.metric) + ", limit " + v.limit_text;
  if (!regression_only(v)) s += ", " + budget::human_overage(evaluate::overage(v), v.op, v.unit, v.metric);
  if (v.values.size() > 1) s += ", " + v.aggregate + " of " + std::to_string(v.values.size()) + " runs";
  if (!v.regression.empty()) s += "; " + v.regression;
  return s;
}

}  // namespace report
