// The breaking point of a ramping load test, from the requests' own times: no load
// tool reports it, and an SLA asks for it ("throughput > 1,000 req/s, 500+ concurrent
// users" must be shown, not assumed). Per 1-second interval of end times: requests
// completed (the throughput), the active users, p95 by nearest rank and the error rate.
// An interval holds when its p95 and error rate are within the targets; it counts when
// the intervals before and after it hold too (a spike of one second is not a level the
// system sustains). The capacity is the counting interval with the most requests
// (ties: more users, then later), and its users the capacity in users.
#include "sources/load/run.hpp"

#include "sources/load/load.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sources::load {

Capacity capacity(const std::vector<Timed>& timeline, double p95_ms, double error_rate) {
  Capacity out;
  if (timeline.empty()) {
    out.why = "no per-request times to find the breaking point in (give a JMeter JTL of the ramping run)";
    return out;
  }
  double t0 = timeline.front().start_ms;
  for (const auto& t : timeline) t0 = std::min(t0, t.start_ms);
  struct Interval {
    std::vector<double> latencies;
    double errors = 0;
    float users = -1;
  };
  std::vector<Interval> intervals;
  for (const auto& t : timeline) {
    const auto i = static_cast<std::size_t>(std::floor((t.start_ms + t.elapsed_ms - t0) / 1000));
    if (i >= 1'000'000) continue;  // a clock gone wrong: more than 11 days in one run
    if (i >= intervals.size()) intervals.resize(i + 1);
    intervals[i].latencies.push_back(t.elapsed_ms);
    intervals[i].errors += t.error ? 1 : 0;
    intervals[i].users = std::max(intervals[i].users, t.threads);
  }
  std::vector<bool> holds(intervals.size());
  std::vector<double> p95(intervals.size(), 0);
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    auto& l = intervals[i].latencies;
    if (l.empty()) continue;
    std::sort(l.begin(), l.end());
    p95[i] = nearest_rank(l, 95);
    holds[i] = p95[i] < p95_ms && 100.0 * intervals[i].errors / static_cast<double>(l.size()) < error_rate;
  }
  std::optional<std::size_t> best;
  for (std::size_t i = 1; i + 1 < intervals.size(); ++i) {
    if (!(holds[i - 1] && holds[i] && holds[i + 1])) continue;
    if (!best) {
      best = i;
      continue;
    }
    const auto& a = intervals[i];
    const auto& b = intervals[*best];
    if (a.latencies.size() > b.latencies.size() || (a.latencies.size() == b.latencies.size() && a.users >= b.users)) best = i;
  }
  char targets[96];
  std::snprintf(targets, sizeof targets, "p95 < %g ms and errors < %g %%", p95_ms, error_rate);
  if (!best) {
    out.throughput = 0;
    out.note = "no interval of the run met " + std::string(targets) + " together with the intervals before and after it";
    return out;
  }
  const auto& b = intervals[*best];
  out.throughput = static_cast<double>(b.latencies.size());
  if (b.users >= 0) out.users = b.users;
  char note[256];
  std::snprintf(note, sizeof note, "the breaking point: second %zu of the run, %zu requests/s%s, p95 %g ms, %g %% errors (%s, sustained)",
                *best, b.latencies.size(), b.users >= 0 ? (" at " + std::to_string(static_cast<long long>(b.users)) + " users").c_str() : "",
                p95[*best], 100.0 * b.errors / static_cast<double>(b.latencies.size()), targets);
  out.note = note;
  if (b.users < 0) out.why = "the result does not say how many users were active";
  return out;
}

}  // namespace sources::load
