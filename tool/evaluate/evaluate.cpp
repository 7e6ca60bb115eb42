#include "evaluate/evaluate.hpp"

#include "evaluate/aggregate.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "util/glob.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace evaluate {

std::string_view status_name(Status status) {
  switch (status) {
    case Status::pass: return "pass";
    case Status::warn: return "warn";
    case Status::fail: return "fail";
  }
  return "pass";
}

double overage(const Verdict& v) {
  return budget::is_max_op(v.op) ? v.value - v.limit : v.limit - v.value;
}

bool Outcome::passed() const {
  if (!errors.empty()) return false;
  return std::none_of(results.begin(), results.end(),
                      [](const Verdict& v) { return v.status == Status::fail; });
}

int Outcome::exit_code() const {
  if (!errors.empty()) return 2;
  return passed() ? 0 : 1;
}

bool metric_matches(std::string_view pattern, std::string_view metric) {
  if (util::starts_with(pattern, "api:")) return budget::api_key_matches(pattern, metric);
  if (util::starts_with(pattern, "audit:")) pattern.remove_prefix(6);
  // "files:<glob>" names one total, whose key holds the glob itself.
  if (util::starts_with(pattern, "files:")) return pattern == metric;
  if (!util::has_glob_chars(pattern)) return pattern == metric;
  // "entrypoint:*" names every entrypoint, whatever characters its name has.
  if (util::ends_with(pattern, ":*") && pattern.find_first_of("*?[") == pattern.size() - 1) {
    return metric.size() > pattern.size() - 1 && util::starts_with(metric, pattern.substr(0, pattern.size() - 1));
  }
  // "file:**/*.js": the kinds before ':' must be equal; the glob applies to the rest
  // (so that "**" starts a path segment, as it does in the file's path).
  const auto colon = pattern.find(':');
  if (colon != std::string_view::npos && colon < pattern.find_first_of("*?[{")) {
    if (metric.substr(0, colon + 1) != pattern.substr(0, colon + 1)) return false;
    return util::glob_match(pattern.substr(colon + 1), metric.substr(colon + 1));
  }
  return util::glob_match(pattern, metric);
}

namespace {

// The measurement that says an audit is in a run's report: every audit has an item
// count; categories, resource-summary rows and user timings are their own.
std::string presence_metric(const std::string& metric) {
  for (std::string_view own : {"categories:", "resource-summary:", "user-timings:"}) {
    if (util::starts_with(metric, own)) return metric;
  }
  if (util::starts_with(metric, "category-value:")) return "categories:" + metric.substr(15);
  for (std::string_view kind : {"audit-score:", "audit-items:"}) {
    if (util::starts_with(metric, kind)) return "audit-items:" + metric.substr(kind.size());
  }
  return "audit-items:" + metric;
}

}  // namespace

sources::LighthouseOptions lighthouse_options(const budget::Budget& budget) {
  sources::LighthouseOptions options;
  options.grouping = budget.lhci ? sources::Grouping::url : sources::Grouping::url_and_form_factor;
  options.renames = !budget.lhci;
  for (const auto& rule : budget.rules) {
    if (rule.metric == "images:legacy-format" && (rule.only_source.empty() || rule.only_source == "lighthouse")) {
      options.served_images = true;
      options.legacy_formats = budget.images.legacy_formats;
      options.min_image_bytes = budget.images.min_bytes;
    }
    const std::string metric = util::starts_with(rule.metric, "audit:") ? rule.metric.substr(6) : rule.metric;
    options.user_timings = options.user_timings || util::starts_with(metric, "user-timings:");
    // The item counts lhci's rules look audits up by (auditRan), and the scores and
    // counts perfgate's own audit-score:/audit-items: rules name.
    const bool scored = util::starts_with(metric, "audit-score:") || util::starts_with(metric, "audit-items:");
    if (!scored && !rule.lhci) continue;
    const std::string presence = presence_metric(metric);
    if (!util::starts_with(presence, "audit-items:")) continue;
    const std::string id = presence.substr(12);
    if (util::has_glob_chars(id)) options.every_audit = true;
    else options.audits.insert(id);
  }
  // Keep what a rule can read: its metric or pattern's matches, the metrics its `unless`
  // names, and for a pattern the rest of its family (its "matched nothing" message lists
  // them); the sign-off's page table; what median-run reads. An lhci rule counts a page's runs over every
  // measurement (auditRan), so a budget with one keeps all.
  std::vector<std::string> names, patterns;  // names compared as they are, patterns matched
  std::vector<const budget::MetricInfo*> families;
  auto wanted = [&](const std::string& metric) {
    const bool plain = !util::has_glob_chars(metric) && !util::starts_with(metric, "api:") && !util::starts_with(metric, "files:");
    if (plain) names.push_back(util::starts_with(metric, "audit:") ? metric.substr(6) : metric);
    else patterns.push_back(metric);
  };
  for (const auto& rule : budget.rules) {
    if (rule.lhci) return options;
    wanted(rule.metric);
    for (const auto& u : rule.unless) wanted(u);
    if (util::has_glob_chars(rule.metric)) families.push_back(rule.info);
  }
  for (std::string_view shown : sources::k_page_table_metrics) names.emplace_back(shown);
  // The two metrics median-run picks a page's representative run by (representative()).
  names.emplace_back("first-contentful-paint");
  names.emplace_back("interactive");
  options.keep = [names = std::move(names), patterns = std::move(patterns),
                  families = std::move(families)](std::string_view metric) {
    // A run's category scores, so that every run of a page counts among its runs.
    if (util::starts_with(metric, "categories:")) return true;
    if (std::find(names.begin(), names.end(), metric) != names.end()) return true;
    for (const auto& p : patterns) {
      if (metric_matches(p, metric)) return true;
    }
    if (families.empty()) return false;
    const budget::MetricInfo* info = budget::find_metric(metric);
    return std::find(families.begin(), families.end(), info) != families.end();
  };
  return options;
}

std::optional<sources::LoadOptions::Capacity> load_capacity(const budget::Budget& budget) {
  const bool asked = std::any_of(budget.rules.begin(), budget.rules.end(), [](const budget::Rule& r) {
    return r.metric == "api:capacity" || r.metric == "api:capacity-users";
  });
  if (!asked) return std::nullopt;
  // The targets an interval must meet: the budget's own api:p95 and api:error-rate
  // (each scenario's scoped ones where it has them), else the SLA's 500 ms and 1 %.
  sources::LoadOptions::Capacity c;
  for (const auto& r : budget.rules) {
    const bool upper = r.limit.op == budget::Op::lt || r.limit.op == budget::Op::le;
    if (!upper || (r.metric != "api:p95" && r.metric != "api:error-rate")) continue;
    if (r.scenario.empty()) {
      (r.metric == "api:p95" ? c.p95_ms : c.error_rate) = r.limit.value;
    }
  }
  for (const auto& r : budget.rules) {
    const bool upper = r.limit.op == budget::Op::lt || r.limit.op == budget::Op::le;
    if (!upper || r.scenario.empty() || (r.metric != "api:p95" && r.metric != "api:error-rate")) continue;
    auto it = c.by_scenario.try_emplace(r.scenario, c.p95_ms, c.error_rate).first;
    (r.metric == "api:p95" ? it->second.first : it->second.second) = r.limit.value;
  }
  return c;
}

std::vector<std::string> load_templates(const budget::Budget& budget) {
  std::vector<std::string> out;
  for (const auto& rule : budget.rules) {
    const std::string& m = rule.metric;
    if (!util::starts_with(m, "api:")) continue;
    const auto colon = m.rfind(':');
    if (colon <= 4) continue;  // api:p95, the whole run
    const std::string endpoint = m.substr(4, colon - 4);
    if (endpoint.find('*') != std::string::npos) continue;  // a pattern over the tool's names
    // A path, after an optional method: "GET /v1/patients/{id}", "/api/orders".
    const auto slash = endpoint.find('/');
    if (slash == std::string::npos || (slash > 0 && endpoint[slash - 1] != ' ')) continue;
    if (std::find(out.begin(), out.end(), endpoint) == out.end()) out.push_back(endpoint);
  }
  return out;
}

namespace {

using sources::Measurement;
using sources::SourceResult;
using sources::Subject;

bool variant_selected(const budget::Rule& rule, const Measurement& m) {
  return m.variant.empty() || m.variant == budget::compression_name(rule.compression);
}

class Evaluator {
public:
  Evaluator(const budget::Budget& budget, const Options& options, Outcome& out)
    : m_budget(budget), m_options(options), m_out(out) {}

  void run(const SourceResult& source) {
    std::map<std::string, const Subject*> subjects;
    for (const auto& s : source.subjects) subjects[s.name] = &s;
    for (const auto& rule : m_budget.rules) {
      if (!budget::answers(*rule.info, source.source)) continue;
      if (!rule.only_source.empty() && rule.only_source != source.source) continue;
      if (rule.lhci && source.source == "lighthouse") run_lhci_rule(rule, source);
      else run_rule(rule, source, subjects);
    }
  }

private:
  using Key = std::pair<std::string, std::string>;  // metric, subject

  // Whether a rule of the same metric is scoped to `scenario`: it, not the general
  // rule, holds that scenario.
  bool scoped_elsewhere(const budget::Rule& rule, const std::string& scenario) const {
    if (!rule.scenario.empty() || scenario.empty()) return false;
    return std::any_of(m_budget.rules.begin(), m_budget.rules.end(), [&](const budget::Rule& r) {
      return r.scenario == scenario && r.metric == rule.metric;
    });
  }

  bool subject_selected(const budget::Rule& rule, const Subject* subject) {
    if (!rule.scenario.empty() && (!subject || subject->scenario != rule.scenario)) return false;
    if (subject && scoped_elsewhere(rule, subject->scenario)) return false;
    if (!subject) return rule.url.empty() && rule.form_factor.empty() && !rule.url_regex;
    if (!rule.form_factor.empty() && subject->form_factor != rule.form_factor) return false;
    if (!rule.url.empty() && !util::glob_match(rule.url, subject->url)) return false;
    if (rule.url_regex) {
      const auto match = rule.url_regex->search(subject->url);
      if (match == util::Regex::Match::gave_up) {
        // Reported once per rule and page; the page is not selected.
        if (m_gave_up.insert({rule.origin, subject->name}).second) {
          m_out.errors.push_back({"lighthouse", subject->name, rule.origin,
                                  "the pattern \"" + rule.url_regex->pattern() +
                                      "\" needs too much backtracking on this page's URL; simplify it"});
        }
        return false;
      }
      if (match == util::Regex::Match::no) return false;
    }
    return true;
  }

  void run_rule(const budget::Rule& rule, const SourceResult& source,
                const std::map<std::string, const Subject*>& subjects) {
    std::map<Key, std::vector<const Measurement*>> groups;
    std::vector<Key> order;
    bool taken_by_another = false;  // matched, but a rule named in `unless` holds it
    for (const auto& m : source.measurements) {
      if (!metric_matches(rule.metric, m.metric) || !variant_selected(rule, m)) continue;
      if (std::any_of(rule.unless.begin(), rule.unless.end(), [&](const std::string& u) { return metric_matches(u, m.metric); })) {
        taken_by_another = true;
        continue;
      }
      auto it = subjects.find(m.subject);
      if (!subject_selected(rule, it == subjects.end() ? nullptr : it->second)) continue;
      Key key{m.metric, m.subject};
      auto [g, inserted] = groups.try_emplace(key);
      if (inserted) order.push_back(key);
      g->second.push_back(&m);
    }
    const bool pattern = util::has_glob_chars(rule.metric);
    if (!rule.scenario.empty() && std::none_of(source.subjects.begin(), source.subjects.end(),
                                               [&](const Subject& s) { return s.scenario == rule.scenario; })) {
      std::set<std::string> have;
      for (const auto& s : source.subjects) have.insert(s.scenario);
      m_out.unmatched.push_back({rule.metric, rule.limit.text});
      m_out.errors.push_back({source.source, "", rule.origin,
                              "scenario \"" + rule.scenario + "\" is not among the load results (" +
                                  util::join(std::vector<std::string>(have.begin(), have.end()), ", ") +
                                  "); name a run so with --load " + rule.scenario + "=FILE"});
      return;
    }
    const bool input_failed = !source.errors.empty() ||
        std::any_of(source.subjects.begin(), source.subjects.end(), [](const Subject& s) { return s.failed; });
    if (rule.info->per_subject && !pattern) {
      bool any_selected = false;
      for (const auto& s : source.subjects) {
        if (!subject_selected(rule, &s)) continue;
        any_selected = true;
        const std::string metric = util::starts_with(rule.metric, "audit:") ? rule.metric.substr(6) : rule.metric;
        if (groups.count({metric, s.name}) || s.failed) continue;
        m_out.errors.push_back({source.source, s.name, util::join(s.origins, ", "),
                                "no \"" + metric + "\" in the report (the budget " + rule.origin + " needs it; " +
                                    sources::lighthouse_rename_hint(metric) + ")"});
      }
      if (!any_selected && !source.subjects.empty()) selects_no_subject(rule, source);
    } else if (groups.empty() && !input_failed && !taken_by_another) {
      // (When an input failed, its error already explains what is missing.)
      if (rule.info->per_subject && !source.subjects.empty() &&
          std::none_of(source.subjects.begin(), source.subjects.end(),
                       [&](const Subject& s) { return subject_selected(rule, &s); })) {
        selects_no_subject(rule, source);
      } else if (!rule.url_regex) {
        nothing_measured(rule, source);
      }
    }
    for (const auto& key : order) verdict(rule, source, key, groups[key]);
  }

  // A rule from a lighthouserc, read as lhci reads it: on each page it selects, an
  // audit missing from any run fails ("auditRan", at the assertion's level), and an
  // assertion without a value fails at its level (see no_value).
  void run_lhci_rule(const budget::Rule& rule, const SourceResult& source) {
    const std::string metric = util::starts_with(rule.metric, "audit:") ? rule.metric.substr(6) : rule.metric;
    const std::string presence = presence_metric(metric);
    for (const auto& s : source.subjects) {
      if (s.failed || !subject_selected(rule, &s)) continue;
      std::set<int> runs, present;
      std::vector<const Measurement*> values;
      for (const auto& m : source.measurements) {
        if (m.subject != s.name) continue;
        runs.insert(m.run);
        if (m.metric == presence) present.insert(m.run);
        if (m.metric == metric) values.push_back(&m);
      }
      if (present.size() < runs.size()) {
        Verdict v;
        v.source = source.source;
        v.metric = metric;
        v.subject = s.name;
        v.value = static_cast<double>(present.size());
        v.unit = budget::Unit::count;
        v.limit = static_cast<double>(runs.size());
        v.op = budget::Op::ge;
        v.limit_text = "in every run's report";
        v.severity = rule.severity;
        v.rule = rule.origin;
        v.note = "in " + std::to_string(present.size()) + " of " + std::to_string(runs.size()) +
                 " runs' reports (lhci: auditRan); this Lighthouse version may not have it";
        v.status = rule.severity == budget::Severity::warn ? Status::warn : Status::fail;
        m_out.results.push_back(std::move(v));
        continue;
      }
      if (values.empty()) {
        if (util::starts_with(metric, "category-value:")) {
          no_value(rule, source, {metric, s.name},
                   "a category has only a score, no numeric value (lhci fails maxNumericValue on a category on every "
                   "report); use minScore",
                   util::join(s.origins, ", "));
          continue;
        }
        no_value(rule, source, {metric, s.name}, "the report has no value for it (lhci: \"" +
                                                     std::string(util::starts_with(metric, "audit-items:") ? "maxLength"
                                                                 : util::starts_with(metric, "audit-score:") ? "minScore"
                                                                                                             : "maxNumericValue") +
                                                     "\" might not be a valid assertion for this audit)",
                 util::join(s.origins, ", "));
        continue;
      }
      verdict(rule, source, {metric, s.name}, values);
    }
  }

  // An assertion that got no value. perfgate's own rules, and lhci rules at level
  // error: could not check (exit 2). lhci at level warn: a warning, as lhci reports
  // it (it exits 0).
  void no_value(const budget::Rule& rule, const SourceResult& source, const Key& key, const std::string& why,
                const std::string& origins) {
    if (rule.lhci && rule.severity == budget::Severity::warn) {
      Verdict v;
      v.source = source.source;
      v.metric = key.first;
      v.subject = key.second;
      v.value = std::numeric_limits<double>::quiet_NaN();
      v.unit = rule.limit.unit;
      v.limit = rule.limit.value;
      v.op = rule.limit.op;
      v.limit_text = rule.limit.text;
      v.severity = rule.severity;
      v.rule = rule.origin;
      v.note = "no value: " + why + "; a warn-level assertion, so a warning as in lhci";
      v.status = Status::warn;
      m_out.results.push_back(std::move(v));
      return;
    }
    m_out.errors.push_back({source.source, key.second, origins, "cannot check " + key.first + ": " + why});
  }

  // A rule whose url/form_factor filter selects none of the pages that were read.
  // (lhci's matchingUrlPattern selecting nothing is not an error there, nor here:
  // an assertMatrix names pages that one run may not have.)
  void selects_no_subject(const budget::Rule& rule, const SourceResult& source) {
    if (rule.url_regex && rule.url.empty() && rule.form_factor.empty()) return;
    std::vector<std::string> pages;
    for (const auto& s : source.subjects) pages.push_back(s.name);
    std::string filter;
    if (!rule.url.empty()) filter += "url \"" + rule.url + "\"";
    if (!rule.form_factor.empty()) filter += std::string(filter.empty() ? "" : " and ") + "form_factor \"" + rule.form_factor + "\"";
    m_out.errors.push_back({source.source, "", rule.origin,
                            "selects no page: " + (filter.empty() ? std::string("its filter") : filter) +
                                " matches none of the " + std::to_string(pages.size()) + " read (" +
                                util::join(pages, ", ") + ")"});
  }

  // A rule of a source that had input but measured nothing it names: a glob that
  // matches no file, an entrypoint the stats do not have.
  void nothing_measured(const budget::Rule& rule, const SourceResult& source) {
    std::vector<std::string> have;
    for (const auto& m : source.measurements) {
      if (budget::find_metric(m.metric) == rule.info) have.push_back(m.metric);
    }
    std::sort(have.begin(), have.end());
    have.erase(std::unique(have.begin(), have.end()), have.end());
    if (have.size() > 8) {
      const std::size_t more = have.size() - 8;
      have.resize(8);
      have.push_back("and " + std::to_string(more) + " more");
    }
    std::string what = util::starts_with(rule.metric, "file:") || util::starts_with(rule.metric, "files:")
                           ? "matched no file"
                           : "matched nothing";
    if (source.source == "load" && util::starts_with(rule.metric, "api:")) {
      // Throughput, users and duration are the whole run's; an endpoint has none.
      for (std::string_view per_run : {":throughput", ":users", ":duration"}) {
        if (util::ends_with(rule.metric, per_run) && rule.metric.rfind(':') > 3) {
          m_out.unmatched.push_back({rule.metric, rule.limit.text});
          m_out.errors.push_back({source.source, "", rule.origin,
                                  "\"" + rule.metric + "\": " + std::string(per_run.substr(1)) +
                                      " is measured for the whole run, not per endpoint; write \"api:" +
                                      std::string(per_run.substr(1)) + "\""});
          return;
        }
      }
      // The endpoints the results do have, the busiest first (a run of raw URLs has thousands).
      std::vector<std::pair<double, std::string>> endpoints;
      for (const auto& m : source.measurements) {
        if (util::ends_with(m.metric, ":requests") && m.metric != "api:requests") endpoints.emplace_back(m.value.value_or(0), m.subject);
      }
      std::sort(endpoints.begin(), endpoints.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      std::vector<std::string> top;
      for (std::size_t i = 0; i < endpoints.size() && i < 10; ++i) {
        top.push_back("\"" + endpoints[i].second + "\" (" + std::to_string(static_cast<long long>(endpoints[i].first)) + ")");
      }
      if (endpoints.size() > 10) top.push_back("and " + std::to_string(endpoints.size() - 10) + " more");
      m_out.unmatched.push_back({rule.metric, rule.limit.text});
      m_out.errors.push_back({source.source, "", rule.origin,
                              "\"" + rule.metric + "\" matched no endpoint of the load results" +
                                  (top.empty() ? std::string() : " (busiest: " + util::join(top, ", ") + ")") +
                                  "; an endpoint template such as \"GET /v1/patients/{id}\" matches URLs; a budget "
                                  "that selects nothing is never a pass"});
      return;
    }
    m_out.unmatched.push_back({rule.metric, rule.limit.text});
    m_out.errors.push_back({source.source, "", rule.origin,
                            "\"" + rule.metric + "\" " + what + " in the " + source.source + " input" +
                                (have.empty() ? std::string() : " (measured: " + util::join(have, ", ") + ")") +
                                "; a budget that selects nothing is never a pass"});
  }

  int representative(const SourceResult& source, const std::string& subject) {
    auto cached = m_representative.find(&source);
    if (cached != m_representative.end()) {
      auto it = cached->second.find(subject);
      if (it != cached->second.end()) return it->second;
    }
    std::map<int, std::optional<double>> fcp, tti;
    int runs = 0;
    for (const auto& m : source.measurements) {
      if (m.subject != subject) continue;
      runs = std::max(runs, m.run + 1);
      if (m.metric == "first-contentful-paint") fcp[m.run] = m.value;
      if (m.metric == "interactive") tti[m.run] = m.value;
    }
    std::vector<std::optional<double>> f(static_cast<std::size_t>(runs)), t(static_cast<std::size_t>(runs));
    for (auto& [run, v] : fcp) f[static_cast<std::size_t>(run)] = v;
    for (auto& [run, v] : tti) t[static_cast<std::size_t>(run)] = v;
    const int chosen = representative_run(f, t);
    m_representative[&source][subject] = chosen;
    return chosen;
  }

  void verdict(const budget::Rule& rule, const SourceResult& source, const Key& key,
               const std::vector<const Measurement*>& runs) {
    const budget::Aggregate method =
        m_options.aggregate ? *m_options.aggregate : rule.aggregate.value_or(m_budget.aggregate);
    RunValues input;
    for (const auto* m : runs) {
      input.values.push_back(m->value);
      input.runs.push_back(m->run);
    }
    const bool category = util::starts_with(key.first, "categories:");
    const int chosen = method == budget::Aggregate::median_run ? representative(source, key.second) : -1;
    const Aggregated agg = aggregate(input, method, budget::is_max_op(rule.limit.op), chosen, category);
    if (!agg.value) {
      std::string why = agg.problem;
      for (const auto* m : runs) {
        if (!m->note.empty()) {
          why += " (" + m->note + ")";
          break;
        }
      }
      no_value(rule, source, key, why, util::join(origins(runs), ", "));
      return;
    }
    // An audit's unit is known only from the report (numericUnit): "< 2 MB" on a
    // millisecond audit is a mistake in the budget, never a pass.
    const budget::Unit measured_unit = runs.front()->unit;
    const budget::Unit limit_unit = rule.limit.unit;
    if (rule.info->quantity == budget::Quantity::any &&
        (limit_unit == budget::Unit::ms || limit_unit == budget::Unit::bytes) && limit_unit != measured_unit) {
      m_out.errors.push_back({source.source, key.second, rule.origin,
                              "\"" + rule.limit.text + "\" is in " + std::string(budget::unit_name(limit_unit)) +
                                  " but the report measures " + key.first + " in " +
                                  std::string(budget::unit_name(measured_unit)) + " (its numericUnit); "
                                  "write the limit in that unit"});
      return;
    }
    Verdict v;
    v.source = source.source;
    v.metric = key.first;
    v.subject = key.second;
    for (const auto& s : source.subjects) {
      if (s.name == key.second) v.scenario = s.scenario;
    }
    v.variant = runs.front()->variant;
    v.value = *agg.value;
    v.unit = runs.front()->unit;
    v.limit = rule.limit.value;
    v.op = rule.limit.op;
    v.limit_text = rule.limit.text;
    v.severity = rule.severity;
    v.rule = rule.origin;
    if (runs.size() > 1 || source.source == "lighthouse") {
      v.aggregate = std::string(budget::aggregate_name(method));
      v.values = agg.values;
    }
    // The contributors of the run that gave the value (sizes have one run).
    v.details = runs.front()->details;
    v.note = runs.front()->note;
    const bool ok = budget::compare(v.value, v.op, v.limit);
    v.status = ok ? Status::pass : rule.severity == budget::Severity::warn ? Status::warn : Status::fail;
    m_out.results.push_back(std::move(v));
  }

  static std::vector<std::string> origins(const std::vector<const Measurement*>& runs) {
    std::vector<std::string> out;
    for (const auto* m : runs) {
      if (!m->origin.empty()) out.push_back(m->origin);
    }
    return out;
  }

  const budget::Budget& m_budget;
  const Options& m_options;
  Outcome& m_out;
  std::map<const SourceResult*, std::map<std::string, int>> m_representative;
  std::set<std::pair<std::string, std::string>> m_gave_up;
};

// The problem of a run in which no rule produced a verdict: which inputs were
// given, and which the budget's rules would have needed.
sources::Problem nothing_checked(const budget::Budget& budget, const std::vector<SourceResult>& measured) {
  std::vector<std::string> given, wanted;
  for (const auto& m : measured) given.push_back(m.source);
  for (const auto& rule : budget.rules) {
    for (std::string_view s : {rule.info->source, rule.info->also_source}) {
      if (!s.empty() && std::find(wanted.begin(), wanted.end(), s) == wanted.end()) wanted.emplace_back(s);
    }
  }
  std::sort(given.begin(), given.end());
  given.erase(std::unique(given.begin(), given.end()), given.end());
  std::sort(wanted.begin(), wanted.end());
  auto input_flag = [](const std::string& s) {
    if (s == "lighthouse") return std::string("--lighthouse");
    if (s == "bundle") return std::string("--stats");
    if (s == "files") return std::string("--dist with a file: budget");
    if (s == "images") return std::string("--images");
    if (s == "routes") return std::string("--build or --html");
    return s;
  };
  std::vector<std::string> flags;
  for (const auto& w : wanted) flags.push_back(input_flag(w));
  std::string message = "nothing was checked: ";
  if (budget.rules.empty()) {
    message += "the budget has no rules";
  } else {
    message += "the inputs given (" + (given.empty() ? std::string("none") : util::join(given, ", ")) +
               ") answer none of the budget's " + std::to_string(budget.rules.size()) + " rules, which need " +
               util::join(flags, " or ");
  }
  return {"", "", budget.path, message + "; exit 0 means measured and within budget, so this is an error"};
}

}  // namespace

std::vector<sources::Problem> unread_inputs(const budget::Budget& budget, const std::vector<Input>& inputs) {
  std::vector<sources::Problem> out;
  std::set<std::string> said;
  for (const auto& in : inputs) {
    const bool read = std::any_of(budget.rules.begin(), budget.rules.end(), [&](const budget::Rule& r) {
      return budget::answers(*r.info, in.source) && (r.only_source.empty() || r.only_source == in.source);
    });
    if (read || !said.insert(in.option).second) continue;
    std::string example = in.source == "lighthouse" ? "\"largest-contentful-paint\": \"< 2.5 s\""
                          : in.source == "bundle"   ? "\"entrypoint:*\": \"< 500 KB\""
                          : in.source == "files"    ? "\"files:**/*.js\": \"< 500 KB\""
                          : in.source == "images"   ? "\"images:legacy-format\": \"== 0\""
                          : in.source == "routes"   ? "\"route:*\": \"< 200 KB\""
                                                    : "\"api:p95\": \"< 500 ms\"";
    out.push_back({in.source, "", in.option + " " + in.value,
                   "no rule of the budget (" + budget.path + ") reads it; add one (e.g. " + example +
                       ") to a perfgate.json and give both with --budget A --budget B, or name the other config "
                       "in perfgate.json's \"include\""});
  }
  return out;
}

Outcome evaluate(const budget::Budget& budget, std::vector<SourceResult> measured, const Options& options) {
  Outcome out;
  out.budget_path = budget.path;
  out.legacy = budget.legacy;
  out.sla = budget.sla;
  for (auto& row : out.sla) {
    for (const auto& key : row.keys) {
      const bool ruled = std::any_of(budget.rules.begin(), budget.rules.end(), [&](const budget::Rule& r) {
        return (util::starts_with(r.metric, "audit:") ? r.metric.substr(6) : r.metric) == key;
      });
      if (!ruled) row.missing.push_back(key);
    }
  }
  Evaluator evaluator(budget, options, out);
  out.errors = options.input_errors;
  for (const auto& source : measured) {
    out.errors.insert(out.errors.end(), source.errors.begin(), source.errors.end());
    evaluator.run(source);
  }
  if (out.results.empty() && out.errors.empty()) out.errors.push_back(nothing_checked(budget, measured));
  for (auto& v : out.results) {
    if (const auto* ref = budget::find_legacy(budget.legacy, v.metric)) v.legacy = ref->value;
  }
  std::sort(out.results.begin(), out.results.end(), [](const Verdict& a, const Verdict& b) {
    return std::tie(a.source, a.subject, a.metric, a.variant, a.rule) <
           std::tie(b.source, b.subject, b.metric, b.variant, b.rule);
  });
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const auto& a, const auto& b) {
    return std::tie(a.source, a.subject, a.file, a.message) < std::tie(b.source, b.subject, b.file, b.message);
  });
  out.measured = std::move(measured);
  return out;
}

}  // namespace evaluate
