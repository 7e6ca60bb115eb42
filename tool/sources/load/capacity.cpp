// A load-test run over time, and its breaking point: no load tool reports the breaking
// point, and an SLA asks for it ("throughput > 1,000 req/s, 500+ concurrent users" must
// be shown, not assumed).
//
// The intervals are the tool's own where it writes a history (Locust's stats history,
// Artillery's intermediate reports: their figures, their windows); otherwise perfgate
// makes 1-second intervals of the requests' end times from per-request results (JMeter
// JTL, k6 points): requests completed (the throughput), the active users, p95 by nearest
// rank and the error rate. The tool's own figures are used as they are rather than
// re-derived, so the chart and the capacity say what the tool saw.
//
// An interval holds when its p95 and error rate are within the targets; it counts when
// the intervals before and after it hold too (a spike of one interval is not a level the
// system sustains). The capacity is the counting interval with the highest throughput
// (ties: more users, then later), and its users the capacity in users.
#include "sources/load/run.hpp"

#include "sources/load/load.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sources::load {

std::vector<Interval> intervals_of(const Run& run, std::string& how) {
  if (!run.intervals.empty()) {
    how = run.intervals_how;
    return run.intervals;
  }
  std::vector<Interval> out;
  if (run.timeline.empty()) return out;
  how = "1-second intervals of the requests' end times (" + run.tool + " per-request results)";
  double t0 = run.timeline.front().start_ms;
  for (const auto& t : run.timeline) t0 = std::min(t0, t.start_ms);
  struct Bucket {
    std::vector<double> latencies;
    double errors = 0;
    float users = -1;
  };
  std::vector<Bucket> buckets;
  auto index = [&](double ms) -> std::optional<std::size_t> {
    const double i = std::floor((ms - t0) / 1000);
    if (!(i >= 0) || i >= 1'000'000) return std::nullopt;  // a clock gone wrong: more than 11 days in one run
    return static_cast<std::size_t>(i);
  };
  for (const auto& t : run.timeline) {
    const auto i = index(t.start_ms + t.elapsed_ms);
    if (!i) continue;
    if (*i >= buckets.size()) buckets.resize(*i + 1);
    buckets[*i].latencies.push_back(t.elapsed_ms);
    buckets[*i].errors += t.error ? 1 : 0;
    buckets[*i].users = std::max(buckets[*i].users, t.threads);
  }
  // k6 writes the users as points of their own (vus), not on each request.
  for (const auto& [ms, users] : run.users_over_time) {
    const auto i = index(ms);
    if (i && *i < buckets.size()) buckets[*i].users = std::max(buckets[*i].users, static_cast<float>(users));
  }
  out.resize(buckets.size());
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    auto& b = buckets[i];
    Interval& v = out[i];
    v.start_s = static_cast<double>(i);
    v.seconds = 1;
    v.requests = static_cast<double>(b.latencies.size());
    v.throughput = v.requests;
    if (b.users >= 0) v.users = b.users;
    if (b.latencies.empty()) continue;
    std::sort(b.latencies.begin(), b.latencies.end());
    v.p95_ms = nearest_rank(b.latencies, 95);
    v.error_rate = 100.0 * b.errors / v.requests;
  }
  return out;
}

Capacity capacity(const std::vector<Interval>& intervals, double p95_ms, double error_rate) {
  Capacity out;
  if (intervals.empty()) {
    out.why = "no per-request times or history to find the breaking point in (give a JMeter JTL, k6 --out json points, "
              "Locust's stats with its _stats_history.csv, or an Artillery report with its intermediate reports)";
    return out;
  }
  if (intervals.size() < 3) {
    char why[160];
    std::snprintf(why, sizeof why, "the run has %zu interval(s) of %g s: too short to show a sustained level (three are needed)",
                  intervals.size(), intervals.front().seconds);
    out.why = why;
    return out;
  }
  auto holds = [&](const Interval& v) {
    return v.requests > 0 && v.p95_ms && *v.p95_ms < p95_ms && v.error_rate && *v.error_rate < error_rate;
  };
  std::optional<std::size_t> best;
  for (std::size_t i = 1; i + 1 < intervals.size(); ++i) {
    if (!(holds(intervals[i - 1]) && holds(intervals[i]) && holds(intervals[i + 1]))) continue;
    if (!best) {
      best = i;
      continue;
    }
    const auto& a = intervals[i];
    const auto& b = intervals[*best];
    if (a.throughput > b.throughput || (a.throughput == b.throughput && a.users.value_or(-1) >= b.users.value_or(-1))) best = i;
  }
  char targets[96];
  std::snprintf(targets, sizeof targets, "p95 < %g ms and errors < %g %%", p95_ms, error_rate);
  if (!best) {
    out.throughput = 0;
    out.users = 0;
    out.note = "no interval of the run met " + std::string(targets) + " together with the intervals before and after it";
    return out;
  }
  const auto& b = intervals[*best];
  out.index = best;
  out.throughput = b.throughput;
  out.users = b.users;
  char where[64];
  if (b.seconds == 1) std::snprintf(where, sizeof where, "second %g of the run", b.start_s);
  else std::snprintf(where, sizeof where, "the %g s from second %g of the run", b.seconds, b.start_s);
  const std::string at = b.users ? " at " + std::to_string(static_cast<long long>(*b.users)) + " users" : "";
  char note[320];
  std::snprintf(note, sizeof note, "the breaking point: %s, %.4g requests/s%s, p95 %.4g ms, %.3g %% errors (%s, sustained)", where,
                b.throughput, at.c_str(), *b.p95_ms, *b.error_rate, targets);
  out.note = note;
  if (!b.users) out.why = "the result does not say how many users were active";
  return out;
}

}  // namespace sources::load
