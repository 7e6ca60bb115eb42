#include "report/load_tables.hpp"

#include "sources/load/load.hpp"

#include "budget/budget.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

namespace report {

namespace {

const std::string k_all = "all requests";

int rank(evaluate::Status s) { return s == evaluate::Status::fail ? 2 : s == evaluate::Status::warn ? 1 : 0; }

// The load source's measurements and verdicts, looked up by subject once: a k6 run
// named by URL can have tens of thousands of endpoints.
struct Index {
  const sources::SourceResult* source = nullptr;
  std::map<std::pair<std::string, std::string>, std::optional<double>> values;  // (subject, metric)
  std::map<std::string, std::vector<const evaluate::Verdict*>> verdicts;        // by subject
  std::set<std::string> error_files, error_subjects;

  explicit Index(const evaluate::Outcome& outcome) {
    for (const auto& s : outcome.measured) {
      if (s.source == "load") source = &s;
    }
    if (!source) return;
    for (const auto& m : source->measurements) values[{m.subject, m.metric}] = m.value;
    for (const auto& v : outcome.results) {
      if (v.source == "load") verdicts[v.subject].push_back(&v);
    }
    // A results file that could not be read is its error's subject (sources/load.cpp);
    // errors of the budget (an endpoint it names that no file holds) name no subject.
    for (const auto& p : outcome.errors) {
      if (p.source != "load" || p.subject.empty()) continue;
      error_subjects.insert(p.subject);
      if (p.subject == p.file || p.file.rfind(p.subject, 0) == 0) error_files.insert(p.subject);
    }
  }

  std::optional<double> value(const std::string& subject, const std::string& metric) const {
    auto it = values.find({subject, metric});
    return it == values.end() ? std::nullopt : it->second;
  }

  const std::vector<const evaluate::Verdict*>& of(const std::string& subject) const {
    static const std::vector<const evaluate::Verdict*> none;
    auto it = verdicts.find(subject);
    return it == verdicts.end() ? none : it->second;
  }
};

// The worst verdict among `verdicts`, or "not checked" when something of it could not be.
std::string worst(const std::vector<const evaluate::Verdict*>& verdicts, bool errors) {
  if (errors) return "not checked";
  if (verdicts.empty()) return "no budget";
  int w = 0;
  for (const auto* v : verdicts) w = std::max(w, rank(v->status));
  return w == 2 ? "fail" : w == 1 ? "warn" : "pass";
}


}  // namespace

std::string factor_text(double factor) {
  char buf[32];
  std::snprintf(buf, sizeof buf, factor >= 10 ? "%.0f\u00d7" : "%.1f\u00d7", factor);
  return buf;
}

std::string duration_text(double ms) {
  char buf[48];
  const double s = ms / 1000;
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%.0f h %02.0f min", std::floor(s / 3600), std::floor(std::fmod(s, 3600) / 60));
  else if (s >= 120) std::snprintf(buf, sizeof buf, "%.0f min", std::round(s / 60));
  else std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

std::vector<LoadRunRow> load_run_rows(const evaluate::Outcome& outcome) {
  std::vector<LoadRunRow> rows;
  const Index index(outcome);
  if (!index.source) return rows;
  std::set<std::string> files_with_rows;
  for (const auto& subject : index.source->subjects) {
    // The whole run: "all requests", or "<scenario>: all requests" with several scenarios.
    const std::string whole = subject.scenario.empty() ? std::string() : subject.scenario + ": ";
    const bool run_subject = subject.name.rfind(k_all, 0) == 0 || (!whole.empty() && subject.name.rfind(whole + k_all, 0) == 0);
    if (!run_subject || subject.origins.empty()) continue;
    LoadRunRow r;
    r.file = subject.origins.front();
    r.named_scenario = subject.scenario;
    r.tool = subject.tool;
    r.users = index.value(subject.name, "api:users");
    r.duration_ms = index.value(subject.name, "api:duration");
    r.p50 = index.value(subject.name, "api:p50");
    r.p95 = index.value(subject.name, "api:p95");
    r.p99 = index.value(subject.name, "api:p99");
    r.error_rate = index.value(subject.name, "api:error-rate");
    r.requests = index.value(subject.name, "api:requests");
    r.throughput = index.value(subject.name, "api:throughput");
    // Every subject read from this file: the run and its endpoints.
    std::vector<const evaluate::Verdict*> verdicts;
    bool errors = index.error_files.count(r.file) > 0 || index.error_subjects.count(r.file) > 0;
    for (const auto& other : index.source->subjects) {
      if (other.origins.empty() || other.origins.front() != r.file) continue;
      const auto& of = index.of(other.name);
      verdicts.insert(verdicts.end(), of.begin(), of.end());
      errors = errors || index.error_subjects.count(other.name) > 0;
    }
    r.verdict = worst(verdicts, errors);
    files_with_rows.insert(r.file);
    rows.push_back(std::move(r));
  }
  // A file that could not be read is a row too: a sign-off never drops a run.
  for (const auto& file : index.error_files) {
    if (files_with_rows.count(file)) continue;
    LoadRunRow r;
    r.file = file;
    r.verdict = "not checked";
    rows.push_back(std::move(r));
  }
  // Scenario: the file's name; its path where two files share a name.
  std::map<std::string, int> names;
  for (const auto& r : rows) ++names[sources::scenario_of(r.file)];
  for (auto& r : rows) {
    r.scenario = !r.named_scenario.empty() ? r.named_scenario : names[sources::scenario_of(r.file)] > 1 ? r.file : sources::scenario_of(r.file);
  }
  return rows;
}

std::vector<EndpointRow> endpoint_rows(const evaluate::Outcome& outcome) {
  std::vector<EndpointRow> rows;
  const Index index(outcome);
  if (!index.source) return rows;
  for (const auto& subject : index.source->subjects) {
    // With several scenarios a subject is "<scenario>: <endpoint>"; its keys name the endpoint.
    const std::string whole = subject.scenario.empty() ? std::string() : subject.scenario + ": ";
    const std::string endpoint =
        !whole.empty() && subject.name.rfind(whole, 0) == 0 ? subject.name.substr(whole.size()) : subject.name;
    if (endpoint.rfind(k_all, 0) == 0) continue;
    EndpointRow r;
    r.name = subject.name;
    r.file = subject.origins.empty() ? "" : subject.origins.front();
    const auto& verdicts = index.of(r.name);
    auto cell = [&](const char* stat) {
      EndpointRow::Cell c;
      const std::string metric = "api:" + endpoint + ":" + stat;
      c.value = index.value(r.name, metric);
      // Several budgets may hold one figure (a pattern and the endpoint's own): the
      // cell shows the one that judged it worst.
      for (const auto* v : verdicts) {
        if (v->metric == metric && (!c.verdict || rank(v->status) > rank(c.verdict->status))) c.verdict = v;
      }
      return c;
    };
    r.p50 = cell("p50");
    r.p95 = cell("p95");
    r.p99 = cell("p99");
    r.error_rate = cell("error-rate");
    r.requests = index.value(r.name, "api:" + endpoint + ":requests");
    if (const auto* ref = budget::find_legacy(outcome.legacy, "api:" + endpoint + ":p99")) r.legacy_p99 = ref->value;
    if (r.legacy_p99 && r.p99.value && *r.p99.value > 0) r.improvement = *r.legacy_p99 / *r.p99.value;
    r.verdict = worst(verdicts, index.error_subjects.count(r.name) > 0);
    rows.push_back(std::move(r));
  }
  // Endpoints a budget names that no results file holds: a row each, with the targets
  // and the legacy value, so the sign-off shows every row of the SLA.
  std::map<std::string, EndpointRow> missing;
  for (const auto& u : outcome.unmatched) {
    const auto colon = u.metric.rfind(':');
    if (u.metric.rfind("api:", 0) != 0 || colon <= 4 || u.metric.find('*') != std::string::npos) continue;
    const std::string name = u.metric.substr(4, colon - 4), stat = u.metric.substr(colon + 1);
    if (std::any_of(rows.begin(), rows.end(), [&](const EndpointRow& r) {
          return r.name == name || (r.name.size() > name.size() + 2 && r.name.compare(r.name.size() - name.size() - 2, std::string::npos, ": " + name) == 0);
        })) {
      continue;
    }
    EndpointRow& r = missing[name];
    r.name = name;
    r.verdict = "not measured";
    if (stat == "p50") r.p50.target = u.limit_text;
    else if (stat == "p95") r.p95.target = u.limit_text;
    else if (stat == "p99") r.p99.target = u.limit_text;
    else if (stat == "error-rate") r.error_rate.target = u.limit_text;
  }
  for (auto& [name, r] : missing) {
    if (const auto* ref = budget::find_legacy(outcome.legacy, "api:" + name + ":p99")) r.legacy_p99 = ref->value;
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const EndpointRow& a, const EndpointRow& b) { return a.name < b.name; });
  return rows;
}

}  // namespace report
