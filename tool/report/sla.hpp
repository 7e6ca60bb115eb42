// The SLA's summary at the top of the sign-off (the budget's "sla" rows): each row with
// what was measured and its status, or what measures it when perfgate does not. No row
// is left out: one no input of the run measured says so.
#pragma once

#include "evaluate/outcome.hpp"

#include <string>
#include <vector>

namespace report {

struct SlaLine {
  std::string row, target;
  // "pass", "warn", "fail"; "not checked" (a rule of it could not be judged, or the
  // budget has no rule of its key); "not measured" (no input of this run measures it);
  // "elsewhere" (not measured by perfgate: `note` says what measures it).
  std::string status;
  std::string measured;  // the worst value and where: "21.1 s, http://127.0.0.1/ (mobile)"; "" when none
  std::string note;      // "worst of 6 checks", "no input of this run measures it", ...
};

std::vector<SlaLine> sla_lines(const evaluate::Outcome& outcome);

}  // namespace report
