// Charts as a release manager reads them on paper: three small plots a run, axes with
// round ticks, one colour a quantity, the target as a dashed line and the breaking
// point as a marked line or point with its figures written beside it. Coordinates are
// printed with one decimal, so the same series gives the same bytes.
#include "report/load_charts.hpp"
#include "report/html_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <tuple>
#include <vector>

namespace report {

namespace {

std::string esc(std::string_view text) { return html_escape(text); }

std::string f1(double v) { return one_decimal(v); }

std::string g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// A round upper bound for an axis (1, 2, 2.5 or 5 times a power of ten) and its step.
std::pair<double, double> nice_axis(double max) {
  if (!(max > 0)) max = 1;
  const double power = std::pow(10.0, std::floor(std::log10(max)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * power >= max * 1.0001) {
      const double step = m * power / (m == 2.5 ? 5 : m == 1.0 || m == 10.0 ? 5 : m == 2.0 ? 4 : 5);
      return {m * power, step};
    }
  }
  return {10 * power, 2 * power};
}

constexpr double k_w = 640, k_h = 220, k_left = 56, k_right = 56, k_top = 14, k_bottom = 34;
constexpr const char* k_blue = "#0969da";   // throughput
constexpr const char* k_grey = "#8c959f";   // users
constexpr const char* k_red = "#cf222e";    // p95
constexpr const char* k_mark = "#8250df";   // the breaking point

struct Axis {
  double max = 1, step = 1;
  double px(double v, double from, double to) const { return from + (to - from) * std::clamp(v / max, 0.0, 1.0); }
};

std::string open_svg(const std::string& label) {
  return "<svg viewBox=\"0 0 " + f1(k_w) + " " + f1(k_h) + "\" width=\"" + f1(k_w) + "\" height=\"" + f1(k_h) +
         "\" role=\"img\" aria-label=\"" + esc(label) + "\" font-size=\"11\" font-family=\"system-ui,sans-serif\">";
}

// The frame, the horizontal grid and ticks of `left` (and `right`), the x ticks, and
// the axis titles.
std::string frame(const Axis& x, const Axis& left, const std::optional<Axis>& right, const std::string& x_title,
                  const std::string& left_title, const char* left_colour, const std::string& right_title, const char* right_colour) {
  const double x0 = k_left, x1 = k_w - k_right, y0 = k_h - k_bottom, y1 = k_top;
  std::string out;
  for (double v = 0; v <= left.max * 1.0001; v += left.step) {
    const double y = left.px(v, y0, y1);
    out += "<line x1=\"" + f1(x0) + "\" x2=\"" + f1(x1) + "\" y1=\"" + f1(y) + "\" y2=\"" + f1(y) + "\" stroke=\"#eaeef2\"/>";
    out += "<text x=\"" + f1(x0 - 4) + "\" y=\"" + f1(y + 4) + "\" text-anchor=\"end\" fill=\"" + left_colour + "\">" + g(v) + "</text>";
  }
  if (right) {
    for (double v = 0; v <= right->max * 1.0001; v += right->step) {
      const double y = right->px(v, y0, y1);
      out += "<text x=\"" + f1(x1 + 4) + "\" y=\"" + f1(y + 4) + "\" fill=\"" + right_colour + "\">" + g(v) + "</text>";
    }
  }
  for (double v = 0; v <= x.max * 1.0001; v += x.step) {
    const double px = x.px(v, x0, x1);
    out += "<text x=\"" + f1(px) + "\" y=\"" + f1(y0 + 14) + "\" text-anchor=\"middle\" fill=\"#57606a\">" + g(v) + "</text>";
  }
  out += "<rect x=\"" + f1(x0) + "\" y=\"" + f1(y1) + "\" width=\"" + f1(x1 - x0) + "\" height=\"" + f1(y0 - y1) +
         "\" fill=\"none\" stroke=\"#d0d7de\"/>";
  out += "<text x=\"" + f1((x0 + x1) / 2) + "\" y=\"" + f1(k_h - 4) + "\" text-anchor=\"middle\" fill=\"#57606a\">" + esc(x_title) + "</text>";
  out += "<text transform=\"translate(12 " + f1((y0 + y1) / 2) + ") rotate(-90)\" text-anchor=\"middle\" fill=\"" + left_colour + "\">" +
         esc(left_title) + "</text>";
  if (right) {
    out += "<text transform=\"translate(" + f1(k_w - 8) + " " + f1((y0 + y1) / 2) + ") rotate(90)\" text-anchor=\"middle\" fill=\"" +
           right_colour + "\">" + esc(right_title) + "</text>";
  }
  return out;
}

// A polyline through the points that have a value; a gap where one has none.
std::string line(const std::vector<std::pair<double, std::optional<double>>>& points, const Axis& x, const Axis& y,
                 const char* colour, const char* extra = "") {
  const double x0 = k_left, x1 = k_w - k_right, y0 = k_h - k_bottom, y1 = k_top;
  std::string out, run;
  std::size_t n = 0;
  auto flush = [&] {
    if (n == 1) {
      // A lone point: a dot, so it is seen.
      const auto comma = run.find(',');
      out += "<circle cx=\"" + run.substr(0, comma) + "\" cy=\"" + run.substr(comma + 1, run.size() - comma - 2) + "\" r=\"2\" fill=\"" +
             colour + "\"/>";
    } else if (n > 1) {
      run.pop_back();
      out += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"1.6\"" + extra + " points=\"" + run + "\"/>";
    }
    run.clear();
    n = 0;
  };
  for (const auto& [t, v] : points) {
    if (!v) {
      flush();
      continue;
    }
    run += f1(x.px(t, x0, x1)) + "," + f1(y.px(*v, y0, y1)) + " ";
    ++n;
  }
  flush();
  return out;
}

std::string hline(double v, const Axis& y, const char* colour, const std::string& label) {
  const double x0 = k_left, x1 = k_w - k_right, y0 = k_h - k_bottom, y1 = k_top;
  if (v > y.max) return {};
  const double py = y.px(v, y0, y1);
  return "<line x1=\"" + f1(x0) + "\" x2=\"" + f1(x1) + "\" y1=\"" + f1(py) + "\" y2=\"" + f1(py) + "\" stroke=\"" + colour +
         "\" stroke-dasharray=\"5 4\"/><text x=\"" + f1(x1 - 4) + "\" y=\"" + f1(py - 4) + "\" text-anchor=\"end\" fill=\"" + colour +
         "\">" + esc(label) + "</text>";
}

std::string vline(double t, const Axis& x, const std::string& label) {
  const double x0 = k_left, x1 = k_w - k_right, y0 = k_h - k_bottom, y1 = k_top;
  const double px = x.px(t, x0, x1);
  const bool left_side = px > (x0 + x1) / 2;
  return "<line x1=\"" + f1(px) + "\" x2=\"" + f1(px) + "\" y1=\"" + f1(y1) + "\" y2=\"" + f1(y0) + "\" stroke=\"" + k_mark +
         "\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><text x=\"" + f1(left_side ? px - 4 : px + 4) + "\" y=\"" + f1(y1 + 12) +
         "\" text-anchor=\"" + (left_side ? "end" : "start") + "\" fill=\"" + k_mark + "\">" + esc(label) + "</text>";
}

std::string run_charts(const sources::Series& s) {
  using P = std::vector<std::pair<double, std::optional<double>>>;
  P throughput, users, p95;
  double t_max = 0, tp_max = 0, users_max = 0, p95_max = 0;
  bool any_users = false;
  for (const auto& v : s.intervals) {
    const double t = v.start_s + v.seconds / 2;  // drawn at the middle of its interval
    t_max = std::max(t_max, v.start_s + v.seconds);
    throughput.push_back({t, v.throughput});
    users.push_back({t, v.users});
    p95.push_back({t, v.p95_ms});
    tp_max = std::max(tp_max, v.throughput);
    if (v.users) {
      any_users = true;
      users_max = std::max(users_max, *v.users);
    }
    if (v.p95_ms) p95_max = std::max(p95_max, *v.p95_ms);
  }
  const sources::Interval* bp = s.breaking_point && *s.breaking_point < s.intervals.size() ? &s.intervals[*s.breaking_point] : nullptr;
  if (s.judged) p95_max = std::max(p95_max, s.p95_target_ms);
  Axis x, tp, us, lat;
  std::tie(x.max, x.step) = nice_axis(t_max);
  std::tie(tp.max, tp.step) = nice_axis(tp_max);
  std::tie(us.max, us.step) = nice_axis(users_max);
  std::tie(lat.max, lat.step) = nice_axis(p95_max);
  std::string bp_label;
  if (bp) {
    bp_label = "breaking point: " + g(bp->throughput) + " req/s" + (bp->users ? " at " + g(*bp->users) + " users" : std::string()) +
               ", p95 " + g(bp->p95_ms.value_or(0)) + " ms";
  }
  const double bp_t = bp ? bp->start_s + bp->seconds / 2 : 0;
  std::string out;
  // 1. Throughput and users over time.
  out += open_svg("throughput and users over time of " + s.scenario);
  out += frame(x, tp, any_users ? std::optional<Axis>(us) : std::nullopt, "seconds into the run", "requests/s", k_blue, "users", k_grey);
  if (any_users) out += line(users, x, us, k_grey, " stroke-dasharray=\"4 2\"");
  out += line(throughput, x, tp, k_blue);
  if (bp) out += vline(bp_t, x, bp_label);
  out += "</svg>\n";
  // 2. p95 over time, against its target.
  out += open_svg("p95 latency over time of " + s.scenario);
  out += frame(x, lat, std::nullopt, "seconds into the run", "p95 (ms)", k_red, "", k_red);
  if (s.judged) out += hline(s.p95_target_ms, lat, k_red, "target " + g(s.p95_target_ms) + " ms");
  out += line(p95, x, lat, k_red);
  if (bp) out += vline(bp_t, x, bp_label);
  out += "</svg>\n";
  // 3. p95 against throughput: where latency turns up is the system's knee.
  out += open_svg("p95 latency against throughput of " + s.scenario);
  out += frame(tp, lat, std::nullopt, "requests/s", "p95 (ms)", k_red, "", k_red);
  if (s.judged) out += hline(s.p95_target_ms, lat, k_red, "target " + g(s.p95_target_ms) + " ms");
  const double x0 = k_left, x1 = k_w - k_right, y0 = k_h - k_bottom, y1 = k_top;
  for (std::size_t i = 0; i < s.intervals.size(); ++i) {
    const auto& v = s.intervals[i];
    if (!v.p95_ms || v.requests <= 0) continue;
    out += "<circle cx=\"" + f1(tp.px(v.throughput, x0, x1)) + "\" cy=\"" + f1(lat.px(*v.p95_ms, y0, y1)) + "\" r=\"3\" fill=\"" + k_red +
           "\" fill-opacity=\"0.45\"/>";
  }
  if (bp && bp->p95_ms) {
    const double cx = tp.px(bp->throughput, x0, x1), cy = lat.px(*bp->p95_ms, y0, y1);
    const bool left_side = cx > (x0 + x1) / 2;
    out += "<circle cx=\"" + f1(cx) + "\" cy=\"" + f1(cy) + "\" r=\"6\" fill=\"none\" stroke=\"" + k_mark + "\" stroke-width=\"2\"/>";
    // Under the point: the target's line and label are above it.
    out += "<text x=\"" + f1(left_side ? cx - 9 : cx + 9) + "\" y=\"" + f1(std::min(cy + 18, y0 - 4)) + "\" text-anchor=\"" + (left_side ? "end" : "start") +
           "\" fill=\"" + k_mark + "\">" + esc(bp_label) + "</text>";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace

std::string load_charts_html(const sources::SourceResult& load) {
  std::string out;
  for (const auto& s : load.series) {
    if (s.intervals.empty()) continue;
    out += "<section class=\"charts\"><h3>" + esc(s.scenario) + " over time</h3>\n<p class=\"note\">" + esc(s.tool) + ", " + esc(s.origin) +
           ": " + esc(s.how) + ".";
    if (s.judged) {
      out += " Capacity (p95 &lt; " + g(s.p95_target_ms) + " ms and errors &lt; " + g(s.error_target) +
             " %, sustained over an interval and its neighbours): " + esc(s.capacity_note) + ".";
    }
    out += "</p>\n" + run_charts(s) + "</section>\n";
  }
  return out;
}

}  // namespace report
