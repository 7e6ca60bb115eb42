#include "budget/units.hpp"

#include <cmath>
#include <cstdio>

namespace budget {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

bool is_score(std::string_view metric) {
  return metric.substr(0, 11) == "categories:";
}

std::string human_bytes(double bytes) {
  const double a = std::fabs(bytes);
  if (a < 1000) return fixed(bytes, 0) + " B";
  if (a < 1e6) return fixed(bytes / 1e3, 2) + " kB";
  if (a < 1e9) return fixed(bytes / 1e6, 2) + " MB";
  return fixed(bytes / 1e9, 2) + " GB";
}

namespace {

// `value` in its human unit with `extra` more decimals than usual.
std::string format_value(double value, Unit unit, std::string_view metric, int extra) {
  if (!std::isfinite(value)) return "n/a";
  if (is_score(metric)) return fixed(value * 100, extra);
  switch (unit) {
    case Unit::ms:
      return std::fabs(value) >= 1000 ? fixed(value / 1000, 2 + extra) + " s" : fixed(value, extra) + " ms";
    case Unit::bytes: {
      const double a = std::fabs(value);
      if (a < 1000) return fixed(value, extra) + " B";
      if (a < 1e6) return fixed(value / 1e3, 2 + extra) + " kB";
      if (a < 1e9) return fixed(value / 1e6, 2 + extra) + " MB";
      return fixed(value / 1e9, 2 + extra) + " GB";
    }
    case Unit::count: return fixed(value, extra);
    case Unit::unitless: return fixed(value, 3 + extra);
    case Unit::percent: return fixed(value, std::fabs(value) < 1 ? 3 + extra : 2 + extra) + " %";
    case Unit::per_second: return fixed(value, 1 + extra) + " /s";
  }
  return fixed(value, 3 + extra);
}

bool all_zero_digits(const std::string& text) {
  bool digit = false;
  for (char c : text) {
    if (c >= '1' && c <= '9') return false;
    digit = digit || c == '0';
  }
  return digit;
}

}  // namespace

std::string human_value(double value, Unit unit, std::string_view metric) {
  return format_value(value, unit, metric, 0);
}

std::string human_value_against(double value, double limit, Unit unit, std::string_view metric) {
  std::string text = format_value(value, unit, metric, 0);
  // More digits until the two differ: 0.0996 is not shown as "0.1" beside "< 0.1".
  for (int extra = 1; extra <= 8 && value != limit && text == format_value(limit, unit, metric, extra - 1); ++extra) {
    text = format_value(value, unit, metric, extra);
  }
  return text;
}

std::string human_delta(double delta, Unit unit, std::string_view metric) {
  const std::string sign = delta > 0 ? "+" : delta < 0 ? "-" : "";
  if (is_score(metric)) return sign + fixed(std::fabs(delta) * 100, 0) + " points";
  return sign + human_value(std::fabs(delta), unit, metric);
}

std::string human_overage(double overage, Op op, Unit unit, std::string_view metric) {
  const double a = std::fabs(overage);
  std::string amount;
  // A real overage is never shown as "0 over".
  for (int extra = 0; extra <= 8; ++extra) {
    amount = is_score(metric) ? fixed(a * 100, extra) + " points" : format_value(a, unit, metric, extra);
    if (a == 0 || !all_zero_digits(amount)) break;
  }
  return amount + (is_max_op(op) ? " over" : " under");
}

}  // namespace budget
