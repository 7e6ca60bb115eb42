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

std::string human_value(double value, Unit unit, std::string_view metric) {
  if (!std::isfinite(value)) return "n/a";
  if (is_score(metric)) return fixed(value * 100, 0);
  switch (unit) {
    case Unit::ms:
      return std::fabs(value) >= 1000 ? fixed(value / 1000, 2) + " s" : fixed(value, 0) + " ms";
    case Unit::bytes: return human_bytes(value);
    case Unit::count: return fixed(value, 0);
    case Unit::unitless: return fixed(value, 3);
  }
  return fixed(value, 3);
}

std::string human_delta(double delta, Unit unit, std::string_view metric) {
  const std::string sign = delta > 0 ? "+" : delta < 0 ? "-" : "";
  if (is_score(metric)) return sign + fixed(std::fabs(delta) * 100, 0) + " points";
  return sign + human_value(std::fabs(delta), unit, metric);
}

std::string human_overage(double overage, Op op, Unit unit, std::string_view metric) {
  const std::string amount = is_score(metric) ? fixed(std::fabs(overage) * 100, 0) + " points"
                                              : human_value(std::fabs(overage), unit, metric);
  return amount + (is_max_op(op) ? " over" : " under");
}

}  // namespace budget
