// `perfgate merge RESULT.json...`: one result (and one sign-off) from the JSON results
// of CI matrix jobs that each checked a share of the pages, routes or scenarios. Results
// are taken as the jobs wrote them — nothing is re-judged — and the exit code is the
// merged result's. The same verdict in two files must agree (a job run twice); two that
// differ, or results of different releases or commits, are refused, naming the files.
#include "cli/app.hpp"

#include "budget/threshold.hpp"
#include "budget/units.hpp"
#include "cli/output.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <tuple>

namespace cli {

namespace {

struct MergeOptions {
  std::vector<std::string> files;
  std::vector<std::string> formats;
  std::string color = "auto";
};

using simdjson::dom::element;

std::string str(element e, std::string_view key) {
  std::string_view v;
  return e[key].get_string().get(v) ? std::string() : std::string(v);
}

budget::Op op_of(const std::string& text, const std::string& where) {
  for (auto op : {budget::Op::lt, budget::Op::le, budget::Op::gt, budget::Op::ge, budget::Op::eq}) {
    if (budget::op_text(op) == text) return op;
  }
  throw util::Error(where, "an unknown op \"" + text + "\"");
}

budget::Unit unit_of(const std::string& text, const std::string& where) {
  using U = budget::Unit;
  for (auto u : {U::bytes, U::ms, U::unitless, U::count, U::percent, U::per_second}) {
    if (budget::unit_name(u) == text) return u;
  }
  throw util::Error(where, "an unknown unit \"" + text + "\"");
}

evaluate::Status status_of(const std::string& text, const std::string& where) {
  for (auto s : {evaluate::Status::pass, evaluate::Status::warn, evaluate::Status::fail}) {
    if (evaluate::status_name(s) == text) return s;
  }
  throw util::Error(where, "an unknown status \"" + text + "\"");
}

// One job's result into `into`; `origin` remembers which file gave each verdict.
void read_result(const std::string& file, evaluate::Outcome& into, std::map<std::string, std::string>& origin, bool first) {
  const util::json::JsonText text = util::json::read_file(file);
  util::json::refuse_duplicate_keys(std::string_view(text.data(), text.size()), file);
  simdjson::dom::parser parser;
  element root;
  if (auto e = parser.parse(text.data(), text.size()).get(root)) throw util::Error(file, "not JSON: " + util::json::describe(e));
  simdjson::dom::array results, errors;
  if (!root.is_object() || root["results"].get_array().get(results) || root["errors"].get_array().get(errors)) {
    throw util::Error(file, "not a perfgate JSON result (no \"results\" and \"errors\"); make one with `perfgate check --format json=FILE`");
  }
  // The identity: every job of one merge checked the same release and commit.
  evaluate::Identity id;
  element identity;
  if (!root["identity"].get(identity) && identity.is_object()) {
    id.release = str(identity, "release");
    id.release_from = str(identity, "release_from");
    id.commit = str(identity, "commit");
    id.branch = str(identity, "branch");
    id.date = str(identity, "date");
    id.date_from = str(identity, "date_from");
    id.perfgate = str(identity, "perfgate");
    simdjson::dom::array list;
    if (!identity["environment"].get_array().get(list)) {
      for (element e : list) id.environment.emplace_back(str(e, "name"), str(e, "value"));
    }
    if (!identity["budgets"].get_array().get(list)) {
      for (element e : list) id.budgets.emplace_back(str(e, "file"), str(e, "sha256"));
    }
  }
  auto& mine = into.identity;
  // The SLA's rows, each once (judged again over the merged verdicts).
  simdjson::dom::array sla;
  if (!root["sla"].get_array().get(sla)) {
    for (element e : sla) {
      budget::SlaRow row;
      row.row = str(e, "row");
      row.target = str(e, "target");
      row.measured_by = str(e, "measured_by");
      simdjson::dom::array keys;
      for (auto [name, list] : {std::pair{"budgets", &row.keys}, std::pair{"missing", &row.missing}}) {
        if (e[name].get_array().get(keys)) continue;
        for (element k : keys) {
          std::string_view key;
          if (!k.get_string().get(key)) list->emplace_back(key);
        }
      }
      if (row.row.empty() || (row.keys.empty() == row.measured_by.empty())) {
        throw util::Error(file, "sla: a row without \"row\", or without one of \"budgets\" and \"measured_by\"; "
                                "give results as perfgate check wrote them");
      }
      if (std::none_of(into.sla.begin(), into.sla.end(), [&](const budget::SlaRow& r) { return r.row == row.row; })) {
        into.sla.push_back(std::move(row));
      }
    }
  }
  if (first) {
    mine = id;
    into.budget_path = str(root, "budget");
  } else {
    if (id.release != mine.release || id.commit != mine.commit) {
      throw util::Error(file, "is a result of release \"" + id.release + "\" commit \"" + id.commit + "\", the first file's of \"" +
                                  mine.release + "\" commit \"" + mine.commit + "\": merge the jobs of one run only");
    }
    for (const auto& e : id.environment) {
      if (std::find(mine.environment.begin(), mine.environment.end(), e) == mine.environment.end()) mine.environment.push_back(e);
    }
    for (const auto& b : id.budgets) {
      if (std::find(mine.budgets.begin(), mine.budgets.end(), b) == mine.budgets.end()) mine.budgets.push_back(b);
    }
  }
  std::size_t i = 0;
  for (element r : results) {
    const std::string where = file + ": results[" + std::to_string(i++) + "]";
    evaluate::Verdict v;
    v.source = str(r, "source");
    v.metric = str(r, "metric");
    v.subject = str(r, "subject");
    v.scenario = str(r, "scenario");
    v.variant = str(r, "compression");
    if (v.source.empty() || v.metric.empty() || r["value"].get_double().get(v.value)) {
      throw util::Error(where, "lacks its source, metric or a numeric value");
    }
    v.unit = unit_of(str(r, "unit"), where);
    v.op = op_of(str(r, "op"), where);
    if (r["limit"].get_double().get(v.limit)) v.limit = std::numeric_limits<double>::infinity();
    v.limit_text = std::isfinite(v.limit) ? std::string(budget::op_text(v.op)) + " " + budget::human_value(v.limit, v.unit, v.metric) : "";
    v.status = status_of(str(r, "status"), where);
    v.severity = str(r, "severity") == "warn" ? budget::Severity::warn : budget::Severity::error;
    v.aggregate = str(r, "aggregate");
    simdjson::dom::array values;
    if (!r["values"].get_array().get(values)) {
      for (element x : values) {
        double d = 0;
        if (!x.get_double().get(d)) v.values.push_back(d);
      }
    }
    double d = 0;
    if (!r["baseline"].get_double().get(d)) v.baseline = d;
    if (!r["legacy"].get_double().get(d)) v.legacy = d;
    v.regression = str(r, "regression");
    v.note = str(r, "note");
    v.rule = str(r, "rule");
    simdjson::dom::array details;
    if (!r["details"].get_array().get(details)) {
      for (element x : details) {
        double size = 0;
        if (!x["value"].get_double().get(size)) v.details.push_back({str(x, "name"), size, str(x, "note")});
      }
    }
    const std::string key = v.source + '\x1f' + v.metric + '\x1f' + v.subject + '\x1f' + v.variant + '\x1f' + v.rule;
    if (const auto seen = origin.find(key); seen != origin.end()) {
      const auto other = std::find_if(into.results.begin(), into.results.end(), [&](const evaluate::Verdict& x) {
        return x.source == v.source && x.metric == v.metric && x.subject == v.subject && x.variant == v.variant && x.rule == v.rule;
      });
      if (other->value != v.value || other->status != v.status || other->limit != v.limit) {
        throw util::Error(file, v.metric + " on " + v.subject + " is in " + seen->second + " too, with another value or verdict: "
                                "two jobs checked the same thing differently; merge the results of one run's jobs");
      }
      continue;  // the same verdict twice (a job re-run): once
    }
    origin[key] = file;
    into.results.push_back(std::move(v));
  }
  i = 0;
  for (element e : errors) {
    sources::Problem p{str(e, "source"), str(e, "subject"), str(e, "file"), str(e, "message")};
    if (p.message.empty()) throw util::Error(file + ": errors[" + std::to_string(i) + "]", "has no message");
    ++i;
    const bool dup = std::any_of(into.errors.begin(), into.errors.end(), [&](const sources::Problem& q) {
      return q.source == p.source && q.subject == p.subject && q.file == p.file && q.message == p.message;
    });
    if (!dup) into.errors.push_back(std::move(p));
  }
}

int run_merge(const MergeOptions& o) {
  const std::vector<OutputSpec> outputs = parse_outputs(o.formats.empty() ? std::vector<std::string>{"json"} : o.formats, o.color);
  // No output onto a result being merged.
  std::vector<InputPath> in;
  for (const auto& f : o.files) in.push_back({"merge", f});
  refuse_clashing_outputs(outputs, in);
  evaluate::Outcome outcome;
  std::map<std::string, std::string> origin;
  for (std::size_t i = 0; i < o.files.size(); ++i) read_result(o.files[i], outcome, origin, i == 0);
  // Jobs that checked nothing are no pass: never a silent 0.
  if (outcome.results.empty() && outcome.errors.empty()) {
    throw util::Error(o.files.size() == 1 ? o.files.front() : "perfgate merge",
                      std::string(o.files.size() == 1 ? "holds" : "the " + std::to_string(o.files.size()) + " results hold") +
                          " no verdict and no error: nothing was checked; give the results of jobs that ran a check");
  }
  // Sorted as a check sorts them: the same results in any file order give the same bytes.
  std::stable_sort(outcome.results.begin(), outcome.results.end(), [](const evaluate::Verdict& a, const evaluate::Verdict& b) {
    return std::tie(a.source, a.subject, a.metric, a.variant, a.rule) < std::tie(b.source, b.subject, b.metric, b.variant, b.rule);
  });
  std::stable_sort(outcome.errors.begin(), outcome.errors.end(), [](const sources::Problem& a, const sources::Problem& b) {
    return std::tie(a.source, a.subject, a.file, a.message) < std::tie(b.source, b.subject, b.file, b.message);
  });
  if (outcome.budget_path.empty()) outcome.budget_path = "(merged)";
  return write_outputs(outputs, outcome) ? outcome.exit_code() : 2;
}

}  // namespace

void register_merge(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand("merge", "One result (and sign-off) from the JSON results of CI matrix jobs");
  cmd->footer(R"(Examples:
  perfgate merge pages-1.json pages-2.json routes.json --format json=perf.json --format html=signoff.html
  perfgate merge results/*.json --format markdown

The exit code is the merged result's: 0 met, 1 exceeded, 2 could not check (in any job).
Verdicts are taken as the jobs wrote them; one checked twice with different figures, or
results of different releases or commits, are refused.)");
  cmd->add_option("results", o->files, "JSON results (perfgate check --format json=FILE)")->required();
  cmd->add_option("--format,-f", o->formats, "Output: text, json, junit, markdown, github, html; FORMAT=FILE writes a file (repeatable)");
  cmd->add_option("--color", o->color, "auto, always or never");
  cmd->final_callback([o, &chosen] { chosen = [o] { return run_merge(*o); }; });
}

}  // namespace cli
