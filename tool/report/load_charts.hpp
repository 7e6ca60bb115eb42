// The sign-off's charts of a load-test run over time (inline SVG: no script, nothing
// fetched): throughput and users over time, p95 over time against its target, and p95
// against throughput — the breaking point marked on each when the budget asked for the
// capacity. One set per run that has intervals (sources::Series).
#pragma once

#include "sources/measurement.hpp"

#include <string>

namespace report {

// HTML for every series of `load` (a <section> with an <h3> and three <svg> a run), or
// "" when none has intervals. Same series, same bytes.
std::string load_charts_html(const sources::SourceResult& load);

}  // namespace report
