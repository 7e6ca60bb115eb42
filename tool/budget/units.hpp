// Human units for the text formats: "2.5 s", "300 ms", "545.1 kB", "38" for a
// score. Machine formats (JSON) keep base units.
#pragma once

#include "budget/threshold.hpp"

#include <string>
#include <string_view>

namespace budget {

// Return `value` of `unit` for people; category scores (0-1) show as 0-100.
std::string human_value(double value, Unit unit, std::string_view metric);

// Return `value` for people, with as many more digits as it takes not to look
// equal to `limit` when it is not: 0.0996 beside "< 0.1" shows as "0.0996".
std::string human_value_against(double value, double limit, Unit unit, std::string_view metric);

// Return a signed change for people: "+18.3 s", "-45.1 kB", "+5 points".
std::string human_delta(double delta, Unit unit, std::string_view metric);

// Return how far a value is past its limit: "18.3 s over", "77 points under".
std::string human_overage(double overage, Op op, Unit unit, std::string_view metric);

// Return a size in bytes as "545.08 kB" (SI, as the budgets write it) or "873 B".
std::string human_bytes(double bytes);

// Return whether `metric` is a Lighthouse category score.
bool is_score(std::string_view metric);

}  // namespace budget
