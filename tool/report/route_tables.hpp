// Routes laid out as teams read them in a pull request (one row per route: first
// load, the part every route shares, the route's own part, the limit, the change
// since the baseline), the routes that grew first, then the largest. Shared by
// the text, Markdown and HTML reports.
#pragma once

#include "evaluate/outcome.hpp"

#include <string>
#include <vector>

namespace report {

struct RouteRow {
  const evaluate::Verdict* verdict = nullptr;
  double shared = 0;  // bytes in files every route of the build loads
  double own = 0;     // the rest
  std::size_t files = 0;
};

// One row per route verdict, grown routes first (largest growth first), then by
// first load, largest first.
std::vector<RouteRow> route_rows(const evaluate::Outcome& outcome);

}  // namespace report
