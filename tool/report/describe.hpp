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

// The metric's human name ("Largest Contentful Paint", "Initial JS + CSS" for an
// entrypoint:, "First-load JS + CSS" for a route:), else its key; with the variant.
std::string human_label(const evaluate::Verdict& v);

// A failure as the sign-off says it: "Largest Contentful Paint 21.1 s, limit 2.5 s,
// 18.6 s over, median of 3 runs".
std::string failure_sentence(const evaluate::Verdict& v);
// The same without the label: "21.1 s, limit < 2.5 s, 18.6 s over, median of 3 runs".
std::string failure_detail(const evaluate::Verdict& v);

// Return the one-line verdict of the whole run: "FAIL: 5 of 12 budgets exceeded", with
// ", and 2 could not be checked" when some could not; "ERROR: ..." only when nothing
// failed.
std::string outcome_headline(const evaluate::Outcome& outcome);

}  // namespace report
