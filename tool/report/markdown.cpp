// Markdown for a pull-request comment or a job summary: the verdict first, then
// what failed and what could not be checked, then every budget in a collapsed
// table. Cells are escaped so a URL or file name cannot break the table.
#include "report/render.hpp"

#include "report/load_tables.hpp"
#include "report/sla.hpp"
#include "report/route_tables.hpp"

#include "report/describe.hpp"
#include "budget/units.hpp"

#include <algorithm>

namespace report {

namespace {

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    // A backslash is escaped too, so one in the text never pairs with ours
    // (or with a "|") into something a table parser reads differently.
    if (c == '|' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n' || c == '\r') out += ' ';
    else if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '`' || c == '*' || c == '_' || c == '[' || c == ']') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// Return `text` as inline code, fenced with more backticks than it contains.
std::string code_span(std::string_view text) {
  std::size_t run = 0, longest = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + std::string(text) + (pad ? " " : "") + fence;
}

std::string icon(evaluate::Status s) {
  switch (s) {
    case evaluate::Status::pass: return "✅";
    case evaluate::Status::warn: return "⚠️";
    case evaluate::Status::fail: return "❌";
  }
  return "";
}

}  // namespace

// Return why `v` failed or warned: how far over its limit, or the regression.
std::string why(const evaluate::Verdict& v) {
  if (regression_only(v)) return v.regression;
  return budget::human_overage(evaluate::overage(v), v.op, v.unit, v.metric);
}

std::string opt_cell(const std::optional<double>& v, budget::Unit unit, std::string_view metric) {
  return v ? cell(budget::human_value(*v, unit, metric)) : std::string("—");
}

std::string verdict_cell(const std::string& verdict) {
  if (verdict == "pass") return "✅ pass";
  if (verdict == "fail") return "❌ fail";
  if (verdict == "warn") return "⚠️ warn";
  if (verdict == "not checked" || verdict == "not measured") return "❗ " + verdict;
  return verdict;
}

// The API load tests as an SLA lays them out: the runs, then the endpoints.
std::string api_tables(const evaluate::Outcome& outcome) {
  using budget::Unit;
  const auto runs = load_run_rows(outcome);
  const auto endpoints = endpoint_rows(outcome);
  if (runs.empty() && endpoints.empty()) return {};
  std::string out = "**API load tests**\n\n| scenario | tool | users | duration | p50 | p95 | p99 | error rate | requests | throughput | result |\n"
                    "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : runs) {
    out += "| " + cell(r.scenario) + " | " + (r.tool.empty() ? std::string("—") : cell(r.tool)) + " | " +
           opt_cell(r.users, Unit::count, "api:users") + " | " +
           (r.duration_ms ? cell(duration_text(*r.duration_ms)) : std::string("—")) + " | " +
           opt_cell(r.p50, Unit::ms, "api:p50") + " | " + opt_cell(r.p95, Unit::ms, "api:p95") + " | " + opt_cell(r.p99, Unit::ms, "api:p99") +
           " | " + opt_cell(r.error_rate, Unit::percent, "api:error-rate") + " | " + opt_cell(r.requests, Unit::count, "api:requests") +
           " | " + opt_cell(r.throughput, Unit::per_second, "api:throughput") + " | " + verdict_cell(r.verdict) + " |\n";
  }
  if (!endpoints.empty()) {
    const bool legacy = std::any_of(endpoints.begin(), endpoints.end(), [](const auto& e) { return e.legacy_p99.has_value(); });
    auto target = [](const EndpointRow::Cell& c, std::string_view metric, Unit unit = Unit::ms) {
      std::string s = c.value ? cell(budget::human_value(*c.value, unit, metric)) : std::string("—");
      if (c.verdict) s += " (" + cell(c.verdict->limit_text) + ")";
      else if (!c.target.empty()) s += " (" + cell(c.target) + ")";
      if (c.verdict && c.verdict->status == evaluate::Status::fail) s = "**" + s + "**";
      return s;
    };
    out += "\n| endpoint | requests | p50 (target) | p95 (target) | p99 (target) | error rate (target) |" +
           std::string(legacy ? " legacy p99 | improvement |" : "") + " result |\n|---|---|---|---|---|---|" +
           (legacy ? "---|---|" : "") + "---|\n";
    for (const auto& e : endpoints) {
      out += "| " + cell(e.name) + " | " + opt_cell(e.requests, Unit::count, "api:requests") + " | " + target(e.p50, "api:p50") +
             " | " + target(e.p95, "api:p95") + " | " + target(e.p99, "api:p99") + " | " +
             target(e.error_rate, "api:error-rate", Unit::percent) + " |";
      if (legacy) {
        out += " " + opt_cell(e.legacy_p99, Unit::ms, "api:p99") + " | " + (e.improvement ? factor_text(*e.improvement) : "—") + " |";
      }
      out += " " + verdict_cell(e.verdict) + " |\n";
    }
  }
  return out + "\n";
}

// Each route's first load, the routes that grew first, then the largest.
std::string routes_markdown(const evaluate::Outcome& outcome) {
  const auto rows = route_rows(outcome);
  if (rows.empty()) return {};
  const bool baseline = std::any_of(rows.begin(), rows.end(), [](const RouteRow& r) { return r.verdict->baseline.has_value(); });
  std::string out = "**Routes: first load**\n\n| | route | first load | shared | own | limit |" +
                    std::string(baseline ? " since baseline |" : "") + "\n|---|---|---|---|---|---|" +
                    (baseline ? "---|" : "") + "\n";
  for (const auto& r : rows) {
    const auto& v = *r.verdict;
    out += "| " + icon(v.status) + " | " + code_span(v.subject) + (v.variant.empty() ? "" : " (" + v.variant + ")") + " | " +
           cell(budget::human_bytes(v.value)) + " | " + cell(budget::human_bytes(r.shared)) + " | " +
           cell(budget::human_bytes(r.own)) + " | " + cell(v.limit_text) + " |";
    if (baseline) out += " " + (v.baseline ? cell(budget::human_delta(v.value - *v.baseline, v.unit, v.metric)) : std::string("new")) + " |";
    out += "\n";
  }
  return out + "\n";
}

std::string render_markdown(const evaluate::Outcome& outcome) {
  const int code = outcome.exit_code();
  const bool baseline = std::any_of(outcome.results.begin(), outcome.results.end(), [](const auto& v) { return v.baseline.has_value(); });
  // With a baseline, both tables gain a column: the change since then.
  auto change = [&](const evaluate::Verdict& v) {
    if (!baseline) return std::string();
    return " " + (v.baseline ? cell(budget::human_delta(v.value - *v.baseline, v.unit, v.metric)) : std::string("new")) + " |";
  };
  const std::string change_head = baseline ? " since baseline |" : "";
  const std::string change_rule = baseline ? "---|" : "";

  std::string out = std::string("### ") + (code == 0 ? "✅" : "❌") + " perfgate: " + cell(outcome_headline(outcome)) + "\n\n";
  std::string failing;
  for (const auto& v : outcome.results) {
    if (v.status == evaluate::Status::pass) continue;
    failing += "| " + icon(v.status) + " | " + cell(verdict_label(v)) + " | " + cell(v.subject) + " | " +
               cell(budget::human_value_against(v.value, v.limit, v.unit, v.metric)) + " | " + cell(v.limit_text) + " | " + cell(why(v)) + " |" + change(v) +
               "\n";
  }
  if (!failing.empty()) {
    out += "| | budget | subject | value | limit | over |" + change_head + "\n|---|---|---|---|---|---|" + change_rule + "\n" +
           failing + "\n";
  }
  if (!outcome.errors.empty()) {
    out += "**Could not check:**\n\n";
    for (const auto& e : outcome.errors) out += "- " + cell(e.line()) + "\n";
    out += "\n";
  }
  // The SLA's rows (the budget's "sla"), folded: a pull request's comment stays short.
  const std::vector<SlaLine> sla = sla_lines(outcome);
  if (!sla.empty()) {
    std::size_t met = 0, not_met = 0, elsewhere = 0;
    for (const auto& l : sla) {
      if (l.status == "pass") ++met;
      else if (l.status == "elsewhere") ++elsewhere;
      else ++not_met;
    }
    out += "<details><summary>The SLA: " + std::to_string(met) + " of " + std::to_string(sla.size()) + " rows met, " +
           std::to_string(not_met) + " not met or not measured, " + std::to_string(elsewhere) +
           " measured elsewhere</summary>\n\n| SLA row | target | measured | status | note |\n|---|---|---|---|---|\n";
    for (const auto& l : sla) {
      out += "| " + cell(l.row) + " | " + cell(l.target) + " | " + (l.measured.empty() ? "—" : cell(l.measured)) + " | " +
             (l.status == "elsewhere" ? std::string("not measured by perfgate") : cell(l.status)) + " | " + cell(l.note) + " |\n";
    }
    out += "\n</details>\n\n";
  }
  out += routes_markdown(outcome);
  out += "<details><summary>All " + std::to_string(outcome.results.size()) + " budgets</summary>\n\n";
  out += "| | budget | subject | value | limit | margin |" + change_head + "\n|---|---|---|---|---|---|" + change_rule + "\n";
  for (const auto& v : outcome.results) {
    out += "| " + icon(v.status) + " | " + cell(verdict_label(v)) + " | " + cell(v.subject) + " | " +
           cell(budget::human_value_against(v.value, v.limit, v.unit, v.metric)) + " | " + cell(v.limit_text) + " | " +
           cell(margin_text(v)) + " |" + change(v) + "\n";
  }
  out += "\n</details>\n\n";
  out += api_tables(outcome);
  out += "Budget: " + code_span(outcome.budget_path);
  const auto& id = outcome.identity;
  if (!id.release.empty()) out += " · release " + code_span(id.release);
  if (!id.commit.empty()) out += " · commit " + code_span(id.commit.substr(0, 12)) + (id.branch.empty() ? "" : " (" + cell(id.branch) + ")");
  if (!id.date_from.empty()) out += " · " + cell(id.date);
  out += " · perfgate " + cell(id.perfgate) + "\n";
  return out;
}

}  // namespace report
