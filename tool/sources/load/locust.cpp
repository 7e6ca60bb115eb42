// Locust's `--csv PREFIX`: PREFIX_stats.csv (one row per request type and name, and an
// "Aggregated" row for the whole test) and PREFIX_stats_history.csv beside it (users
// and the run over time).
#include "sources/load/csv.hpp"
#include "sources/load/run.hpp"

#include "util/json.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace sources::load {

namespace {

// Locust writes the run over time beside the stats (PREFIX_stats_history.csv): a row per
// second (CSV_STATS_INTERVAL_SEC) for all requests ("Aggregated") and, with
// --csv-full-history, per endpoint. Its Requests/s and percentiles are Locust's current
// ones, over a moving window of the last seconds (stats.py: current_rps,
// get_current_response_time_percentile), not of that second alone: the intervals are
// the tool's own figures, said so in the chart.
void read_history(const std::string& stats_path, Run& run) {
  const auto at = stats_path.rfind("_stats.csv");
  if (at == std::string::npos || at + 10 != stats_path.size()) return;
  const std::string history = stats_path.substr(0, at) + "_stats_history.csv";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(history, ec)) return;
  run.also_read.push_back(history);
  util::json::JsonText text = util::json::read_file(history);
  const Csv csv = parse_csv(std::string_view(text.data(), text.size()));
  const int users = csv.column("User Count"), name = csv.column("Name"), time = csv.column("Timestamp"),
            rps = csv.column("Requests/s"), fps = csv.column("Failures/s"), p95 = csv.column("95%");
  if (users < 0) return;
  const bool series = name >= 0 && time >= 0 && rps >= 0 && fps >= 0 && p95 >= 0;
  std::vector<double> times;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const std::string line = history + " line " + std::to_string(csv.lines[r]);
    if (row.size() != csv.header.size()) throw Bad(line.substr(history.size() + 1) + " of " + history + " has " +
                                                   std::to_string(row.size()) + " fields, the header " +
                                                   std::to_string(csv.header.size()));
    auto cell = [&](int c) -> std::optional<double> {
      const std::string& v = row[static_cast<std::size_t>(c)];
      if (v.empty() || v == "N/A") return std::nullopt;
      return figure(v, line + ", " + csv.header[static_cast<std::size_t>(c)]);
    };
    const std::optional<double> n = cell(users);
    if (n) run.users = std::max(run.users.value_or(0), *n);
    if (!series || row[static_cast<std::size_t>(name)] != "Aggregated") continue;
    const std::optional<double> t = cell(time), per_s = cell(rps);
    if (!t || !per_s) continue;
    const std::optional<double> p95_ms = cell(p95);
    if (run.intervals.empty() && *per_s == 0 && p95_ms.value_or(0) == 0) continue;  // before the first request
    if (!times.empty() && *t <= times.back()) {
      throw Bad(line.substr(history.size() + 1) + " of " + history + ": its Timestamp is not after the row before");
    }
    Interval v;
    v.throughput = *per_s;
    v.users = n;
    v.p95_ms = p95_ms;
    v.error_rate = *per_s > 0 ? std::optional<double>(100 * cell(fps).value_or(0) / *per_s) : std::nullopt;
    times.push_back(*t);
    run.intervals.push_back(v);
  }
  for (std::size_t i = 0; i < run.intervals.size(); ++i) {
    Interval& v = run.intervals[i];
    v.start_s = times[i] - times.front();
    v.seconds = i + 1 < times.size() ? times[i + 1] - times[i] : i > 0 ? times[i] - times[i - 1] : 1;
    v.requests = v.throughput * v.seconds;
  }
  run.intervals_how = "Locust's stats history: a row a second, its Requests/s and 95% over Locust's moving window of "
                      "recent seconds (" + history + ")";
}

}  // namespace

void read_locust(const Csv& csv, const std::string& path, Run& run) {
  run.tool = "Locust";
  for (const char* needed : {"Type", "Name", "Request Count", "Failure Count", "50%", "95%", "99%"}) {
    if (csv.column(needed) < 0) throw Bad(std::string("a Locust stats CSV without its \"") + needed + "\" column");
  }
  const int type = csv.column("Type"), name = csv.column("Name"), count = csv.column("Request Count"),
            failures = csv.column("Failure Count"), mean = csv.column("Average Response Time"),
            max = csv.column("Max Response Time"), rps = csv.column("Requests/s");
  std::set<std::string> seen;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const std::string line = "line " + std::to_string(csv.lines[r]);
    if (row.size() != csv.header.size()) {
      throw Bad(line + " has " + std::to_string(row.size()) + " fields, the header " + std::to_string(csv.header.size()));
    }
    const bool aggregated = row[static_cast<std::size_t>(name)] == "Aggregated";
    const std::string label = row[static_cast<std::size_t>(type)] + " " + row[static_cast<std::size_t>(name)];
    const std::string key = aggregated ? k_all : label;
    if (!seen.insert(key).second) {
      throw Bad(line + ": \"" + (aggregated ? std::string("Aggregated") : label) +
                "\" is in the file twice (Locust writes each request type and name once)");
    }
    auto& ep = run.endpoints[key];
    auto cell = [&](int c) -> std::optional<double> {
      if (c < 0) return std::nullopt;
      const std::string& s = row[static_cast<std::size_t>(c)];
      if (s.empty() || s == "N/A") return std::nullopt;
      return figure(s, line + ", " + csv.header[static_cast<std::size_t>(c)]);
    };
    ep.requests = cell(count);
    ep.errors = cell(failures);
    for (auto [col, stat] : {std::pair{"50%", "p50"}, {"90%", "p90"}, {"95%", "p95"}, {"99%", "p99"}}) {
      if (auto v = cell(csv.column(col))) ep.summary[stat] = *v;
    }
    if (auto v = cell(mean)) ep.summary["mean"] = *v;
    if (auto v = cell(max)) ep.summary["max"] = *v;
    // Requests/s of the Aggregated row is requests over the run's time: the duration.
    if (aggregated) {
      const double per_s = cell(rps).value_or(0), n = ep.requests.value_or(0);
      if (per_s > 0 && n > 0) run.duration_s = n / per_s;
    }
  }
  if (!run.endpoints.count(k_all)) throw Bad("a Locust stats CSV without its \"Aggregated\" row (a run that was cut short?)");
  read_history(path, run);
}

}  // namespace sources::load
