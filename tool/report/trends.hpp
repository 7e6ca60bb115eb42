// Each budget's figure over the checks a history holds (--history), for the sign-off: a
// small sparkline per budget with the last release marked, the change since then, and
// the largest regressions since the last release under the verdict.
#pragma once

#include "evaluate/outcome.hpp"

#include <string>
#include <vector>

namespace report {

// The sparkline of `trend` (oldest first; the last point is this check) as inline SVG,
// the previous release's point ringed; "" with fewer than two points.
std::string sparkline_svg(const evaluate::Trend& trend);

// "+1.2 s since 2.3.3", or "" when no earlier release is in the trend.
std::string since_release_text(const evaluate::Verdict& v, const evaluate::Trend& trend);

// The verdicts that got worse since the last release, the largest change (relative to
// the limit) first, at most `n`.
std::vector<const evaluate::Verdict*> largest_regressions(const evaluate::Outcome& outcome, std::size_t n);

}  // namespace report
