// k6's raw points (`k6 run --out json=FILE`, gzipped too), read by the streaming
// parser (k6_stream.hpp) into a run: every request's duration, per endpoint.
#include "sources/load/k6_stream.hpp"
#include "sources/load/run.hpp"

namespace sources::load {

void read_k6_points(const std::string& path, const LoadOptions& options, Run& run) {
  run.tool = "k6 points";
  k6::Options o;
  o.jobs = options.jobs;
  o.progress = options.progress;
  o.timeline = run.keep_timeline;
  k6::Points points = k6::read_points(path, o);
  auto& all = run.endpoints[k_all];
  std::size_t total = 0;
  for (const auto& [name, ep] : points.endpoints) total += ep.ms.size();
  all.samples.reserve(total);
  double errors = 0;
  bool statuses = true;
  const std::string no_status = "k6 points without a status tag (--system-tags leaves it out): no error count";
  for (auto& [name, ep] : points.endpoints) {
    auto& e = run.endpoints[name];
    all.samples.insert(all.samples.end(), ep.ms.begin(), ep.ms.end());
    e.requests = static_cast<double>(ep.ms.size());
    if (ep.with_status == ep.ms.size()) {
      e.errors = static_cast<double>(ep.errors);
      errors += static_cast<double>(ep.errors);
    } else {
      e.no_errors_why = no_status;
      statuses = false;
    }
    e.samples = std::move(ep.ms);
  }
  all.requests = static_cast<double>(total);
  if (statuses) all.errors = errors;
  else all.no_errors_why = no_status;
  run.users = points.users;
  run.timeline.reserve(points.timeline.size());
  for (const auto& t : points.timeline) run.timeline.push_back({t.end_s * 1000 - t.ms, t.ms, -1, t.error});
  for (const auto& [s, users] : points.vus) run.users_over_time.emplace_back(s * 1000, users);
  if (points.first && points.last && *points.last > *points.first) run.duration_s = *points.last - *points.first;
}

}  // namespace sources::load
