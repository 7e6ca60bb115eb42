// Locust's `--csv PREFIX`: PREFIX_stats.csv (one row per request type and name, and an
// "Aggregated" row for the whole test) and PREFIX_stats_history.csv beside it (users
// over time).
#include "sources/load/csv.hpp"
#include "sources/load/run.hpp"

#include "util/json.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace sources::load {

namespace {

// Locust writes the users over time beside the stats (PREFIX_stats_history.csv).
void read_users(const std::string& stats_path, Run& run) {
  const auto at = stats_path.rfind("_stats.csv");
  if (at == std::string::npos || at + 10 != stats_path.size()) return;
  const std::string history = stats_path.substr(0, at) + "_stats_history.csv";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(history, ec)) return;
  run.also_read.push_back(history);
  util::json::JsonText text = util::json::read_file(history);
  const Csv csv = parse_csv(std::string_view(text.data(), text.size()));
  const int users = csv.column("User Count");
  if (users < 0) return;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    if (static_cast<std::size_t>(users) >= row.size()) continue;
    const double n = figure(row[static_cast<std::size_t>(users)],
                            history + " line " + std::to_string(csv.lines[r]) + ", User Count");
    run.users = std::max(run.users.value_or(0), n);
  }
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
  read_users(path, run);
}

}  // namespace sources::load
