// Thresholds as the SLA writes them — "< 2.5 s", "< 300 ms", ">= 90", "< 500 KB" —
// parsed into an operator and a value in base units (ms, bytes, unitless, count).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace budget {

// What a metric measures; decides which units its thresholds may carry.
enum class Quantity {
  time,      // base unit ms; "ms", "s"
  size,      // base unit bytes; "B", "kB"/"KB", "MB", "GB", "KiB", "MiB", "GiB"
  score,     // Lighthouse category score; written 0-100, stored 0-1
  unitless,  // e.g. CLS; a bare number
  count,     // a whole number of things (requests, images)
  percent,   // a share, written with "%" ("< 0.1 %"); stored as the percentage
  rate,      // events per second, written "/s" or "rps" ("> 1000 /s")
  any,       // an audit whose unit is not known in advance: any of the above units
};

// The unit of a value in results ("bytes", "ms", "unitless", "count", "percent",
// "per_second").
enum class Unit { bytes, ms, unitless, count, percent, per_second };

std::string_view unit_name(Unit unit);
Unit base_unit(Quantity quantity);

enum class Op { lt, le, gt, ge, eq };

std::string_view op_text(Op op);

// Return whether `value op limit` holds.
bool compare(double value, Op op, double limit);

// Return whether `op` caps a value from above (<, <=, ==); Lighthouse CI calls
// these "max" assertions.
bool is_max_op(Op op);

struct Threshold {
  Op op = Op::lt;
  double value = 0;  // in base units
  Unit unit = Unit::unitless;
  std::string text;  // as written, for messages
};

// Parse `text` for a metric of kind `quantity`. On failure returns nullopt and
// sets `error` to a message that says what is wrong and what is accepted.
std::optional<Threshold> parse_threshold(std::string_view text, Quantity quantity, std::string& error);

// An allowed regression: "5%" of the baseline, or an absolute amount ("10 KB").
struct Increase {
  bool percent = false;
  double value = 0;  // percent, or base units
  std::string text;
};

std::optional<Increase> parse_increase(std::string_view text, Quantity quantity, std::string& error);

// Parse a size such as "10 KB" or "2 KiB" into bytes.
std::optional<double> parse_size(std::string_view text, std::string& error);

}  // namespace budget
