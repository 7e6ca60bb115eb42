// The JSON result: the contract in DESIGN.md ("passed", "results", "errors"),
// base units, sorted, no timestamps — the same inputs give the same bytes.
#include "report/render.hpp"
#include "report/sla.hpp"

#include "util/json_writer.hpp"

namespace report {

std::string render_json(const evaluate::Outcome& outcome) {
  std::string out;
  util::JsonWriter w(out);
  w.begin_object();
  w.field("passed", outcome.passed());
  w.field("exit_code", outcome.exit_code());
  w.field("budget", outcome.budget_path);
  // Which release this is (the history keeps it). The date only when it was given
  // (--date, SOURCE_DATE_EPOCH): the same inputs give the same bytes.
  {
    const auto& id = outcome.identity;
    w.key("identity");
    w.begin_object();
    if (!id.release.empty()) {
      w.field("release", id.release);
      w.field("release_from", id.release_from);
    }
    if (!id.commit.empty()) w.field("commit", id.commit);
    if (!id.branch.empty()) w.field("branch", id.branch);
    if (!id.date_from.empty()) {
      w.field("date", id.date);
      w.field("date_from", id.date_from);
    }
    w.key("environment");
    w.begin_array();
    for (const auto& [k, v] : id.environment) {
      w.begin_object();
      w.field("name", k);
      w.field("value", v);
      w.end_object();
    }
    w.end_array();
    w.key("budgets");
    w.begin_array();
    for (const auto& [file, sha] : id.budgets) {
      w.begin_object();
      w.field("file", file);
      w.field("sha256", sha);
      w.end_object();
    }
    w.end_array();
    w.field("perfgate", id.perfgate);
    w.end_object();
  }
  std::int64_t passed = 0, warned = 0, failed = 0;
  for (const auto& v : outcome.results) {
    passed += v.status == evaluate::Status::pass;
    warned += v.status == evaluate::Status::warn;
    failed += v.status == evaluate::Status::fail;
  }
  w.key("summary");
  w.begin_object();
  w.field("pass", passed);
  w.field("warn", warned);
  w.field("fail", failed);
  w.field("error", static_cast<std::int64_t>(outcome.errors.size()));
  w.end_object();
  w.key("results");
  w.begin_array();
  for (const auto& v : outcome.results) {
    w.begin_object();
    w.field("source", v.source);
    w.field("metric", v.metric);
    w.field("subject", v.subject);
    if (!v.scenario.empty()) w.field("scenario", v.scenario);
    w.field("value", v.value);
    w.field("unit", budget::unit_name(v.unit));
    w.field("limit", v.limit);
    w.field("op", budget::op_text(v.op));
    w.field("status", evaluate::status_name(v.status));
    w.field("severity", budget::severity_name(v.severity));
    w.field("over", evaluate::overage(v));
    if (!v.variant.empty()) w.field("compression", v.variant);
    if (!v.aggregate.empty()) {
      w.field("aggregate", v.aggregate);
      w.key("values");
      w.begin_array();
      for (double x : v.values) w.value(x);
      w.end_array();
    }
    if (v.baseline) {
      w.field("baseline", *v.baseline);
      w.field("delta", v.value - *v.baseline);
    }
    if (!v.regression.empty()) w.field("regression", v.regression);
    if (v.legacy) {
      w.field("legacy", *v.legacy);
      // How many times better than before: lower is better under a "<" budget (a
      // latency), higher under a ">" one (a throughput).
      const bool lower_better = budget::is_max_op(v.op);
      const double num = lower_better ? *v.legacy : v.value, den = lower_better ? v.value : *v.legacy;
      if (den > 0) w.field("improvement", num / den);
    }
    if (!v.note.empty()) w.field("note", v.note);
    if (!v.details.empty()) {
      w.key("details");
      w.begin_array();
      for (const auto& d : v.details) {
        w.begin_object();
        w.field("name", d.name);
        w.field("value", d.value);
        if (!d.note.empty()) w.field("note", d.note);
        w.end_object();
      }
      w.end_array();
    }
    w.field("rule", v.rule);
    w.end_object();
  }
  w.end_array();
  w.key("errors");
  w.begin_array();
  for (const auto& e : outcome.errors) {
    w.begin_object();
    w.field("source", e.source);
    if (!e.subject.empty()) w.field("subject", e.subject);
    if (!e.file.empty()) w.field("file", e.file);
    w.field("message", e.message);
    w.end_object();
  }
  w.end_array();
  // The SLA's summary rows (the budget's "sla"), each with its status: what the sign-off
  // shows, and what `perfgate merge` judges again over the merged verdicts.
  if (!outcome.sla.empty()) {
    const std::vector<SlaLine> lines = sla_lines(outcome);
    w.key("sla");
    w.begin_array();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& row = outcome.sla[i];
      w.begin_object();
      w.field("row", row.row);
      w.field("target", row.target);
      if (row.measured_by.empty()) {
        w.key("budgets");
        w.begin_array();
        for (const auto& k : row.keys) w.value(k);
        w.end_array();
        if (!row.missing.empty()) {
          w.key("missing");  // keys no rule of the budget has
          w.begin_array();
          for (const auto& k : row.missing) w.value(k);
          w.end_array();
        }
      } else {
        w.field("measured_by", row.measured_by);
      }
      w.field("status", lines[i].status);
      if (!lines[i].measured.empty()) w.field("measured", lines[i].measured);
      w.field("note", lines[i].note);
      w.end_object();
    }
    w.end_array();
  }
  // The load-test runs over time that a capacity verdict was judged on (api:capacity):
  // the intervals, the breaking point (an index into them) and its targets.
  bool any_series = false;
  for (const auto& m : outcome.measured) {
    for (const auto& s : m.series) {
      if (!s.judged) continue;
      if (!any_series) {
        w.key("series");
        w.begin_array();
        any_series = true;
      }
      w.begin_object();
      w.field("scenario", s.scenario);
      w.field("origin", s.origin);
      w.field("tool", s.tool);
      w.field("how", s.how);
      w.field("p95_target", s.p95_target_ms);
      w.field("error_rate_target", s.error_target);
      w.key("breaking_point");
      if (s.breaking_point) w.value(static_cast<std::int64_t>(*s.breaking_point));
      else w.null();
      w.key("intervals");
      w.begin_array();
      for (const auto& v : s.intervals) {
        w.begin_object();
        w.field("start", v.start_s);
        w.field("seconds", v.seconds);
        w.field("requests", v.requests);
        w.field("throughput", v.throughput);
        auto opt = [&](std::string_view k, const std::optional<double>& x) {
          w.key(k);
          if (x) w.value(*x);
          else w.null();
        };
        opt("users", v.users);
        opt("p95", v.p95_ms);
        opt("error_rate", v.error_rate);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
  }
  if (any_series) w.end_array();
  w.end_object();
  return out;
}

}  // namespace report
