// The result of a check: one verdict per budget and subject, the problems that
// kept something from being checked, and what was measured (for reports that
// show more than verdicts). This is what every reporter renders.
#pragma once

#include "budget/budget.hpp"
#include "sources/measurement.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace evaluate {

enum class Status { pass, warn, fail };

std::string_view status_name(Status status);

struct Verdict {
  std::string source;
  std::string metric;   // the measurement's metric ("entrypoint:main", "largest-contentful-paint")
  std::string subject;
  std::string scenario;  // load tests: the scenario (--load NAME=FILE) the subject is of
  std::string variant;  // "gzip" / "brotli" / "raw" for sizes, else ""
  double value = 0;     // base units
  budget::Unit unit = budget::Unit::unitless;
  double limit = 0;     // base units
  budget::Op op = budget::Op::lt;
  std::string limit_text;  // as the budget wrote it: "< 2.5 s"
  Status status = Status::pass;
  budget::Severity severity = budget::Severity::error;
  std::string aggregate;        // how runs were combined, when there were several
  std::vector<double> values;   // the per-run values used
  std::vector<sources::Detail> details;  // largest contributors first
  std::string rule;             // the budget entry: "<file>: budgets.<key>"
  std::string note;
  // The budget's "legacy" value for this metric (base units): shown, never judged.
  std::optional<double> legacy;
  // Filled from --baseline.
  std::optional<double> baseline;
  std::string regression;  // "max_increase 5% exceeded: +7.2%" when that failed
};

// Return how far `v.value` is beyond (positive) or within (negative) its limit.
double overage(const Verdict& v);

// Which release a check covers, for the sign-off a release manager signs and for the
// history: gathered by the command line (cli/identity.cpp) and from the inputs.
struct Identity {
  std::string release;       // --release, else the "version" of ./package.json
  std::string release_from;  // "--release", "package.json"
  std::string commit, branch;  // git's, when run in a repository
  std::string date;          // "2026-12-07T04:50:00Z"
  std::string date_from;     // "--date", "SOURCE_DATE_EPOCH", "" (the time of the run)
  // What measured: ("Lighthouse", "12.2.1"), ("Chrome", "131.0.6778.85"), ("load tool",
  // "Locust"), ... in order, each pair once.
  std::vector<std::pair<std::string, std::string>> environment;
  std::vector<std::pair<std::string, std::string>> budgets;  // (file, SHA-256 hex)
  std::string perfgate;      // perfgate's version
};

// A budget's figure over the checks a history holds (--history): oldest first, this
// check last, and which point is the newest of an earlier release.
struct TrendPoint {
  double value = 0;
  std::string release;
};
struct Trend {
  std::vector<TrendPoint> points;
  std::optional<std::size_t> previous_release;
};

// The key a verdict's trend is kept under: its metric, subject and variant.
inline std::string trend_key(const Verdict& v) { return v.metric + '\x1f' + v.subject + '\x1f' + v.variant; }

struct Outcome {
  std::string budget_path;
  std::map<std::string, Trend> trends;  // by trend_key, when a history was given
  Identity identity;
  std::string baseline_from;  // what the baseline was: a file, or a run of the history
  std::vector<budget::Reference> legacy;  // the budget's, for reports
  std::vector<budget::SlaRow> sla;        // the budget's SLA summary, for the sign-off
  // Budgets that selected nothing (each is also in errors): the sign-off still lists
  // an endpoint the SLA names that the run did not call.
  struct Unmatched {
    std::string metric;
    std::string limit_text;
  };
  std::vector<Unmatched> unmatched;
  std::vector<Verdict> results;           // sorted by source, subject, metric, variant
  std::vector<sources::Problem> errors;   // sorted likewise
  std::vector<sources::SourceResult> measured;  // what the sources produced

  bool passed() const;
  // Return 0 when every budget is met, 1 when one is exceeded, 2 when something
  // could not be checked (2 wins over 1).
  int exit_code() const;
};

}  // namespace evaluate
