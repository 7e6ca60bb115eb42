// Sentences about a verdict shared by the formats that explain failures in
// prose (JUnit messages, GitHub annotations, Markdown): one source of wording.
#pragma once

#include "evaluate/outcome.hpp"

#include <string>

namespace report {

// Return "largest-contentful-paint" or "entrypoint:main (gzip)".
std::string verdict_label(const evaluate::Verdict& v);

// Return true when only `v`'s regression budget failed it: its value is within its limit.
bool regression_only(const evaluate::Verdict& v);

// Return "21.08 s, limit < 2.5 s, 18.58 s over (median of 3 runs: ...)".
std::string verdict_sentence(const evaluate::Verdict& v);

// The margin to the limit ("+120 ms", "-3 kB"), or "—" where the budget sets no
// limit (a bundlesize/bundlewatch entry without maxSize, only reported).
std::string margin_text(const evaluate::Verdict& v);

// Return the one-line verdict of the whole run: "FAIL: 5 of 12 budgets exceeded".
std::string outcome_headline(const evaluate::Outcome& outcome);

}  // namespace report
