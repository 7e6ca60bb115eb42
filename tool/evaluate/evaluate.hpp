// Holding measurements against a budget: each rule is matched to the
// measurements it names (by metric pattern, subject filters and compression),
// runs of a page are aggregated, and each group gets a verdict.
#pragma once

#include "budget/budget.hpp"
#include "evaluate/outcome.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "sources/load/load.hpp"
#include "sources/measurement.hpp"

#include <optional>
#include <vector>

namespace evaluate {

struct Options {
  std::optional<budget::Aggregate> aggregate;  // --aggregate: overrides the budget and its rules
  std::vector<sources::Problem> input_errors;  // found before reading (unread_inputs): errors of the run
};

// Evaluate `budget` over `measured`. Rules whose source had no input are not run.
Outcome evaluate(const budget::Budget& budget, std::vector<sources::SourceResult> measured,
                 const Options& options = {});

// How the Lighthouse reports must be read for `budget`: grouped as lhci groups them
// for a lighthouserc, and with the audit scores, item counts and user timings its rules
// need (the same mapping from a rule to the audit it reads that the evaluation uses).
sources::LighthouseOptions lighthouse_options(const budget::Budget& budget);

// The endpoint templates the budget's api: rules name ("GET /v1/patients/{id}",
// "/api/orders"), for the load readers to group requests by.
std::vector<std::string> load_templates(const budget::Budget& budget);

// The targets the load readers find the breaking point against, when the budget has an
// api:capacity or api:capacity-users rule.
std::optional<sources::LoadOptions::Capacity> load_capacity(const budget::Budget& budget);

// An input given on the command line: the source it feeds ("lighthouse", "bundle",
// "files", "images", "load"), the option and what was given.
struct Input {
  std::string source;
  std::string option;  // "--stats"
  std::string value;   // "dist/stats.json"
};

// The inputs no rule of `budget` reads, each as one problem naming the input, the
// budget and the fix. Never a silent pass: an input given is an input checked.
std::vector<sources::Problem> unread_inputs(const budget::Budget& budget, const std::vector<Input>& inputs);

// Return whether measurement `metric` is named by rule pattern `pattern`.
bool metric_matches(std::string_view pattern, std::string_view metric);

}  // namespace evaluate
