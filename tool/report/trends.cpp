// Trends are drawn, not judged: a budget's verdict is this check's value against its
// limit (and a baseline's max_increase); the sparkline shows where the figure has been
// heading, so a slow creep is seen before it crosses the limit.
#include "report/trends.hpp"
#include "report/html_text.hpp"

#include "budget/units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace report {

namespace {

std::string f1(double v) { return one_decimal(v); }

// How much worse `now` is than `then` for this verdict: up for a "<" budget, down for ">".
double worse_by(const evaluate::Verdict& v, double now, double then) { return budget::is_max_op(v.op) ? now - then : then - now; }

}  // namespace

std::string sparkline_svg(const evaluate::Trend& t) {
  if (t.points.size() < 2) return {};
  constexpr double w = 90, h = 20, pad = 3;
  double lo = t.points.front().value, hi = lo;
  for (const auto& p : t.points) {
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  const double span = hi > lo ? hi - lo : 1;
  auto x = [&](std::size_t i) { return pad + (w - 2 * pad) * static_cast<double>(i) / static_cast<double>(t.points.size() - 1); };
  auto y = [&](double v) { return hi > lo ? h - pad - (h - 2 * pad) * (v - lo) / span : h / 2; };
  std::string points;
  for (std::size_t i = 0; i < t.points.size(); ++i) points += (i ? " " : "") + f1(x(i)) + "," + f1(y(t.points[i].value));
  std::string out = "<svg class=\"spark\" width=\"90\" height=\"20\" role=\"img\" aria-label=\"the last " + std::to_string(t.points.size()) +
                    " checks\"><polyline fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.2\" points=\"" + points + "\"/>";
  if (t.previous_release) {
    const std::size_t i = *t.previous_release;
    out += "<circle cx=\"" + f1(x(i)) + "\" cy=\"" + f1(y(t.points[i].value)) + "\" r=\"2.6\" fill=\"none\" stroke=\"#8250df\" stroke-width=\"1.4\"/>";
  }
  const std::size_t last = t.points.size() - 1;
  out += "<circle cx=\"" + f1(x(last)) + "\" cy=\"" + f1(y(t.points[last].value)) + "\" r=\"2\" fill=\"#24292f\"/></svg>";
  return out;
}

std::string since_release_text(const evaluate::Verdict& v, const evaluate::Trend& t) {
  if (!t.previous_release) return {};
  const auto& then = t.points[*t.previous_release];
  return budget::human_delta(v.value - then.value, v.unit, v.metric) + " since " + then.release;
}

std::vector<const evaluate::Verdict*> largest_regressions(const evaluate::Outcome& outcome, std::size_t n) {
  std::vector<std::pair<double, const evaluate::Verdict*>> worse;
  for (const auto& v : outcome.results) {
    const auto it = outcome.trends.find(evaluate::trend_key(v));
    if (it == outcome.trends.end() || !it->second.previous_release) continue;
    const double then = it->second.points[*it->second.previous_release].value;
    const double by = worse_by(v, v.value, then);
    if (!(by > 0)) continue;
    const double scale = std::isfinite(v.limit) && v.limit != 0 ? std::fabs(v.limit) : std::max(std::fabs(then), 1e-9);
    worse.push_back({by / scale, &v});
  }
  std::stable_sort(worse.begin(), worse.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const evaluate::Verdict*> out;
  for (std::size_t i = 0; i < worse.size() && i < n; ++i) out.push_back(worse[i].second);
  return out;
}

}  // namespace report
