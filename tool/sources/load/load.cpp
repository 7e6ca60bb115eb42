// Load-test results into measurements: the family's shared step after each reader
// (recognise.cpp picks it) has filled in a run — percentiles by nearest rank over raw
// samples, or the tool's own figures where it wrote no samples; error rates,
// throughput, users and duration; one endpoint once across the files of a check.
#include "sources/load/load.hpp"
#include "sources/load/run.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace sources {

double nearest_rank(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nan("");
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::string scenario_of(const std::string& file) {
  std::string name = std::filesystem::path(file).filename().string();
  for (std::string_view ext : {".gz", ".json", ".ndjson", ".csv", ".jtl", ".xml"}) {
    if (name.size() > ext.size() && util::ends_with(name, ext)) name.resize(name.size() - ext.size());
  }
  // Locust writes NAME_stats.csv (and NAME_stats_history.csv beside it).
  for (std::string_view tail : {"_stats_history", "_stats"}) {
    if (util::ends_with(name, tail) && name.size() > tail.size()) {
      name.resize(name.size() - tail.size());
      break;
    }
  }
  return name.empty() ? file : name;
}

namespace {

// The budget's templates and the API's operations, for one run: by path alone when the
// tool names no request with its method (GET and PUT of one path are then one group).
std::vector<std::string> templates_for(const load::Run& run, const LoadOptions& options) {
  std::vector<std::string> out = options.templates;
  if (options.operations.empty()) return out;
  const bool methods = std::any_of(run.endpoints.begin(), run.endpoints.end(), [](const auto& e) {
    return e.first != load::k_all && !load::split_request_name(e.first).method.empty();
  });
  for (const auto& op : options.operations) {
    std::string t = op;
    if (!methods) {
      if (const auto space = t.find(' '); space != std::string::npos) t = t.substr(space + 1);
    }
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

SourceResult read_load(const std::vector<std::string>& files, const LoadOptions& options) {
  std::vector<LoadInput> inputs;
  for (const auto& f : files) inputs.push_back({scenario_of(f), f});
  return read_load(inputs, options);
}

SourceResult read_load(const std::vector<LoadInput>& inputs, const LoadOptions& options) {
  SourceResult out;
  out.source = "load";
  std::map<std::string, std::string> seen;  // subject -> file
  std::map<std::string, int> files_of;      // scenario -> number of files
  for (const auto& in : inputs) ++files_of[in.scenario];
  const bool scenarios = files_of.size() > 1;
  for (const auto& in : inputs) {
    const std::string& file = in.file;
    load::Run run;
    try {
      run = load::read_run(file, options);
    } catch (const load::Bad& e) {
      out.errors.push_back({"load", file, file, e.what()});
      continue;
    } catch (const util::Error& e) {
      out.errors.push_back({"load", file, e.where(), e.what()});
      continue;
    } catch (const simdjson::simdjson_error& e) {
      out.errors.push_back({"load", file, file, std::string("unexpected JSON: ") + e.what()});
      continue;
    }
    out.inputs.insert(out.inputs.end(), run.also_read.begin(), run.also_read.end());
    add_environment(out, "load tool", run.tool);
    for (const auto& problem : load::apply_templates(run, templates_for(run, options))) out.errors.push_back({"load", file, file, problem});
    // An endpoint named like the whole run would be read as it in every report.
    const auto clash = std::find_if(run.endpoints.begin(), run.endpoints.end(), [](const auto& e) {
      return e.first != load::k_all && util::starts_with(e.first, load::k_all_name);
    });
    if (clash != run.endpoints.end()) {
      out.errors.push_back({"load", file, file,
                            "an endpoint named \"" + clash->first + "\" clashes with perfgate's name for the whole run (\"" +
                                load::k_all_name + "\"): name it otherwise in the test"});
      continue;
    }
    Series series;
    series.scenario = in.scenario;
    series.origin = file;
    series.tool = run.tool;
    series.intervals = load::intervals_of(run, series.how);
    for (auto& [name, ep] : run.endpoints) {
      // Several files of one scenario are parts of one run: each endpoint in one of them.
      std::string subject = name != load::k_all ? name
                            : files_of[in.scenario] > 1 ? load::k_all_name + " (" + file + ")"
                                                        : load::k_all_name;
      if (scenarios) subject = in.scenario + ": " + subject;
      if (auto other = seen.find(subject); other != seen.end()) {
        out.errors.push_back({"load", subject, file,
                              "endpoint \"" + name + "\" is in " + other->second + " too, in the same scenario (" +
                                  in.scenario + "): give each endpoint once per scenario, or name the runs apart "
                                  "(--load NAME=FILE)"});
        continue;
      }
      seen[subject] = file;
      Subject s;
      s.name = subject;
      s.origins = {file};
      s.tool = run.tool;
      s.scenario = in.scenario;
      out.subjects.push_back(s);
      const std::string prefix = name == load::k_all ? "api:" : "api:" + name + ":";
      auto add = [&](const std::string& stat, std::optional<double> value, budget::Unit unit, std::string note = {}) {
        Measurement m;
        m.metric = prefix + stat;
        m.subject = subject;
        m.value = value;
        m.unit = unit;
        m.origin = file;
        m.note = std::move(note);
        out.measurements.push_back(std::move(m));
      };
      std::sort(ep.samples.begin(), ep.samples.end());
      for (const char* stat : {"p50", "p90", "p95", "p99", "mean", "max"}) {
        std::optional<double> v;
        std::string note;
        if (!ep.samples.empty()) {
          const std::string st(stat);
          if (st == "mean") {
            double sum = 0;
            for (double x : ep.samples) sum += x;
            v = sum / static_cast<double>(ep.samples.size());
          } else if (st == "max") {
            v = ep.samples.back();
          } else {
            v = nearest_rank(ep.samples, std::atof(stat + 1));
          }
        } else if (!ep.summary_why.empty()) {
          note = ep.summary_why;
        } else if (ep.no_response > 0 && (run.tool == "Artillery" || run.tool == "autocannon")) {
          // These tools leave requests that got no response (timeouts above all) out of
          // their latency histograms: a slow endpoint whose slowest requests timed out
          // would pass its percentile budgets. Not a value to trust.
          note = std::to_string(static_cast<long long>(ep.no_response)) + " request(s) got no response and are not in " +
                 run.tool + "'s latencies, so its " + stat + " understates; raise the tool's timeout, or gate on JMeter/k6 raw samples";
        } else if (auto it = ep.summary.find(stat); it != ep.summary.end()) {
          v = it->second;
        } else {
          note = "the " + run.tool + " result has no " + stat +
                 (run.tool == "k6 summary" ? ": add it to summaryTrendStats, or give the --out json points"
                  : run.tool == "autocannon" ? ": autocannon prints p50, p90, p97.5 and p99"
                                              : "");
        }
        add(stat, v, budget::Unit::ms, note);
      }
      add("requests", ep.requests, budget::Unit::count, ep.requests ? "" : run.tool + " does not count requests here");
      if (!ep.matched.empty()) {
        // Which of the tool's request names the template took in (the first ten).
        Measurement& m = out.measurements.back();
        for (std::size_t i = 0; i < ep.matched.size() && i < 10; ++i) m.details.push_back({ep.matched[i], 0, "matched"});
        if (ep.matched.size() > 10) m.details.push_back({"and " + std::to_string(ep.matched.size() - 10) + " more", 0, "matched"});
        m.note = std::to_string(ep.matched.size()) + " request names of the result match this template";
      }
      std::optional<double> rate;
      if (ep.errors && ep.requests && *ep.requests > 0) rate = 100.0 * *ep.errors / *ep.requests;
      add("error-rate", rate, budget::Unit::percent,
          rate ? "" : !ep.no_errors_why.empty() ? ep.no_errors_why : run.tool + " result has no error count for it");
      if (name == load::k_all) {
        std::optional<double> throughput;
        if (run.duration_s && *run.duration_s > 0 && ep.requests) throughput = *ep.requests / *run.duration_s;
        add("throughput", throughput, budget::Unit::per_second, throughput ? "" : "the run's duration is not in the result");
        add("users", run.users, budget::Unit::count, run.users ? "" : run.tool + " result does not say how many users");
        std::optional<double> duration_ms;
        if (run.duration_s) duration_ms = *run.duration_s * 1000;
        add("duration", duration_ms, budget::Unit::ms, duration_ms ? "" : "the run's duration is not in the result");
        if (options.capacity) {
          const auto scoped = options.capacity->by_scenario.find(in.scenario);
          const auto [p95_limit, error_limit] = scoped != options.capacity->by_scenario.end()
                                                    ? scoped->second
                                                    : std::make_pair(options.capacity->p95_ms, options.capacity->error_rate);
          const load::Capacity c = load::capacity(series.intervals, p95_limit, error_limit);
          add("capacity", c.throughput, budget::Unit::per_second, c.throughput ? c.note : run.tool + " result: " + c.why);
          add("capacity-users", c.users, budget::Unit::count, c.users ? c.note : run.tool + " result: " + c.why);
          series.breaking_point = c.index;
          series.p95_target_ms = p95_limit;
          series.error_target = error_limit;
          series.judged = true;
          series.capacity_note = c.throughput ? c.note : c.why;
        }
      }
    }
    if (!series.intervals.empty()) out.series.push_back(std::move(series));
  }
  return out;
}

}  // namespace sources
