#include "report/sla.hpp"

#include "budget/threshold.hpp"
#include "budget/units.hpp"
#include "evaluate/evaluate.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace report {

namespace {

int rank(evaluate::Status s) { return s == evaluate::Status::fail ? 2 : s == evaluate::Status::warn ? 1 : 0; }

// Whether the problem `p` is about a rule of `key`: the rule's own place in the budget
// file ("…: budgets.<key>") or the key quoted in its message.
bool about(const sources::Problem& p, const std::string& key) {
  return util::ends_with(p.file, "budgets." + key) || util::ends_with(p.file, "." + key) ||
         p.message.find("\"" + key + "\"") != std::string::npos;
}

}  // namespace

std::vector<SlaLine> sla_lines(const evaluate::Outcome& outcome) {
  std::vector<SlaLine> lines;
  for (const auto& row : outcome.sla) {
    SlaLine line{row.row, row.target, "", "", ""};
    if (!row.measured_by.empty()) {
      line.status = "elsewhere";
      line.note = "not measured by perfgate: " + row.measured_by;
      lines.push_back(std::move(line));
      continue;
    }
    std::vector<const evaluate::Verdict*> judged;
    for (const auto& v : outcome.results) {
      if (std::any_of(row.keys.begin(), row.keys.end(), [&](const std::string& k) { return evaluate::metric_matches(k, v.metric); })) {
        judged.push_back(&v);
      }
    }
    const sources::Problem* problem = nullptr;
    for (const auto& p : outcome.errors) {
      if (std::any_of(row.keys.begin(), row.keys.end(), [&](const std::string& k) { return about(p, k); })) {
        problem = &p;
        break;
      }
    }
    if (!judged.empty()) {
      const auto* worst = *std::max_element(judged.begin(), judged.end(), [](const auto* a, const auto* b) {
        if (rank(a->status) != rank(b->status)) return rank(a->status) < rank(b->status);
        return evaluate::overage(*a) < evaluate::overage(*b);
      });
      line.status = std::string(evaluate::status_name(worst->status));
      line.measured = budget::human_value(worst->value, worst->unit, worst->metric) +
                      (worst->subject.empty() ? "" : ", " + worst->subject);
      // The limit in the units the value is shown in (and as a merged result says it).
      const std::string limit = std::string(budget::op_text(worst->op)) + " " +
                                budget::human_value(worst->limit, worst->unit, worst->metric);
      line.note = judged.size() == 1 ? "limit " + limit
                                     : "the worst of " + std::to_string(judged.size()) + " checks, limit " + limit;
      if (problem) {
        line.status = line.status == "fail" ? "fail" : "not checked";
        line.note += "; and " + problem->line();
      }
    } else if (problem) {
      line.status = "not checked";
      line.note = problem->line();
    } else if (row.missing.size() == row.keys.size()) {
      line.status = "not checked";
      line.note = "no rule of the budget checks it (" + util::join(row.missing, ", ") + ")";
    } else {
      line.status = "not measured";
      line.note = "no input of this run measures it";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace report
