// Holding measurements against a budget: each rule is matched to the
// measurements it names (by metric pattern, subject filters and compression),
// runs of a page are aggregated, and each group gets a verdict.
#pragma once

#include "budget/budget.hpp"
#include "evaluate/outcome.hpp"
#include "sources/lighthouse.hpp"
#include "sources/measurement.hpp"

#include <optional>
#include <vector>

namespace evaluate {

struct Options {
  std::optional<budget::Aggregate> aggregate;  // --aggregate: overrides the budget and its rules
};

// Evaluate `budget` over `measured`. Rules whose source had no input are not run.
Outcome evaluate(const budget::Budget& budget, std::vector<sources::SourceResult> measured,
                 const Options& options = {});

// How the Lighthouse reports must be read for `budget`: grouped as lhci groups them
// for a lighthouserc, and with the audit scores, item counts and user timings its rules
// need (the same mapping from a rule to the audit it reads that the evaluation uses).
sources::LighthouseOptions lighthouse_options(const budget::Budget& budget);

// Return whether measurement `metric` is named by rule pattern `pattern`.
bool metric_matches(std::string_view pattern, std::string_view metric);

}  // namespace evaluate
