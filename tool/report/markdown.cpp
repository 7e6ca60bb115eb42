// Markdown for a pull-request comment or a job summary: the verdict first, then
// what failed and what could not be checked, then every budget in a collapsed
// table. Cells are escaped so a URL or file name cannot break the table.
#include "report/render.hpp"

#include "report/describe.hpp"
#include "budget/units.hpp"

namespace report {

namespace {

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
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

std::string icon(evaluate::Status s) {
  switch (s) {
    case evaluate::Status::pass: return "✅";
    case evaluate::Status::warn: return "⚠️";
    case evaluate::Status::fail: return "❌";
  }
  return "";
}

}  // namespace

std::string render_markdown(const evaluate::Outcome& outcome) {
  const int code = outcome.exit_code();
  std::string out = std::string("### ") + (code == 0 ? "✅" : "❌") + " perfgate: " + cell(outcome_headline(outcome)) + "\n\n";
  std::string failing;
  for (const auto& v : outcome.results) {
    if (v.status == evaluate::Status::pass) continue;
    failing += "| " + icon(v.status) + " | " + cell(verdict_label(v)) + " | " + cell(v.subject) + " | " +
               cell(budget::human_value(v.value, v.unit, v.metric)) + " | " + cell(v.limit_text) + " | " +
               cell(budget::human_overage(evaluate::overage(v), v.op, v.unit, v.metric)) + " |\n";
  }
  if (!failing.empty()) {
    out += "| | budget | subject | value | limit | over |\n|---|---|---|---|---|---|\n" + failing + "\n";
  }
  if (!outcome.errors.empty()) {
    out += "**Could not check:**\n\n";
    for (const auto& e : outcome.errors) out += "- " + cell(e.line()) + "\n";
    out += "\n";
  }
  out += "<details><summary>All " + std::to_string(outcome.results.size()) + " budgets</summary>\n\n";
  out += "| | budget | subject | value | limit | margin |\n|---|---|---|---|---|---|\n";
  for (const auto& v : outcome.results) {
    out += "| " + icon(v.status) + " | " + cell(verdict_label(v)) + " | " + cell(v.subject) + " | " +
           cell(budget::human_value(v.value, v.unit, v.metric)) + " | " + cell(v.limit_text) + " | " +
           cell(budget::human_delta(-evaluate::overage(v), v.unit, v.metric)) + " |\n";
  }
  out += "\n</details>\n\nBudget: `" + outcome.budget_path + "`\n";
  return out;
}

}  // namespace report
