// Baselines: a previous JSON result (file or URL) whose values are attached to
// this run's verdicts, and regression budgets (max_increase) checked against them.
#pragma once

#include "budget/budget.hpp"
#include "evaluate/outcome.hpp"

#include <string>

namespace evaluate {

// Read the JSON result at `path_or_url` and attach previous values to `outcome`;
// fail verdicts whose rule has a max_increase that the change exceeds. Results
// are matched by source, metric, subject and compression, content hashes in
// names ignored.
void apply_baseline(Outcome& outcome, const budget::Budget& budget, const std::string& path_or_url);

// The same with the JSON result's text (a run the history kept), named `where` in errors.
void apply_baseline_text(Outcome& outcome, const budget::Budget& budget, const std::string& json, const std::string& where);

// Return `name` with content hashes replaced by "[hash]": "js/315.dba046fb.js" -> "js/315.[hash].js".
std::string normalize_hashes(std::string_view name);

}  // namespace evaluate
