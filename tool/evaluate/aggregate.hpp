// Combining several runs of one page into one value, with exactly Lighthouse
// CI's semantics (packages/utils/src/assertions.js and representative-runs.js):
//  - non-finite and null values are dropped, except under pessimistic, where any
//    missing value makes the assertion fail;
//  - median averages the two middle values of an even count;
//  - optimistic takes the min for a max-type budget (<) and the max for a
//    min-type one (>=); pessimistic the reverse;
//  - median-run takes the representative run: the one closest to the median FCP
//    and median interactive (upper median; a missing value counts as 0; ties go
//    to the earlier run). Category scores are then taken over all runs, highest.
#pragma once

#include "budget/budget.hpp"

#include <optional>
#include <string>
#include <vector>

namespace evaluate {

struct RunValues {
  std::vector<std::optional<double>> values;  // one per run, in run order
  std::vector<int> runs;                       // the run index of each value
};

struct Aggregated {
  std::optional<double> value;  // nullopt: could not aggregate (see problem)
  std::vector<double> values;   // the values used
  std::string problem;
};

// Aggregate `input` by `method` for a budget whose operator is max-type when
// `max_op`. For median-run, `representative_run` is the run to use, and
// `all_runs_highest` selects the category-score behaviour.
Aggregated aggregate(const RunValues& input, budget::Aggregate method, bool max_op,
                     int representative_run, bool all_runs_highest);

// Return the index of the representative run among runs with these FCP and
// interactive values (nullopt counts as 0), as Lighthouse CI picks it.
int representative_run(const std::vector<std::optional<double>>& fcp,
                       const std::vector<std::optional<double>>& interactive);

}  // namespace evaluate
