// Markdown for a pull-request comment or a job summary: the verdict first, then
// what failed and what could not be checked, then every budget in a collapsed
// table. Cells are escaped so a URL or file name cannot break the table.
#include "report/render.hpp"

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
  out += "<details><summary>All " + std::to_string(outcome.results.size()) + " budgets</summary>\n\n";
  out += "| | budget | subject | value | limit | margin |" + change_head + "\n|---|---|---|---|---|---|" + change_rule + "\n";
  for (const auto& v : outcome.results) {
    out += "| " + icon(v.status) + " | " + cell(verdict_label(v)) + " | " + cell(v.subject) + " | " +
           cell(budget::human_value_against(v.value, v.limit, v.unit, v.metric)) + " | " + cell(v.limit_text) + " | " +
           cell(margin_text(v)) + " |" + change(v) + "\n";
  }
  out += "\n</details>\n\nBudget: " + code_span(outcome.budget_path) + "\n";
  return out;
}

}  // namespace report
