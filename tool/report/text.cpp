// The default output: an aligned table per subject, then each failure explained
// in one line (metric, page and form factor, value, limit, overage), then a
// one-line summary. Colour only when asked for by the caller (a terminal).
#include "report/render.hpp"

#include "report/describe.hpp"
#include "report/route_tables.hpp"
#include "budget/metrics.hpp"
#include "budget/units.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

#include <algorithm>
#include <map>

namespace report {

namespace {

std::string pad(const std::string& s, std::size_t width) {
  // Width in characters of plain ASCII/UTF-8 text (count code points).
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

std::string status_cell(const util::Style& style, evaluate::Status status) {
  switch (status) {
    case evaluate::Status::pass: return style.green("pass");
    case evaluate::Status::warn: return style.yellow("warn");
    case evaluate::Status::fail: return style.red("FAIL");
  }
  return "";
}

std::string metric_label(const evaluate::Verdict& v) {
  std::string label = v.metric;
  if (!v.variant.empty()) label += " (" + v.variant + ")";
  return label;
}

std::string runs_text(const evaluate::Verdict& v) {
  if (v.values.size() <= 1) return {};
  std::string s = v.aggregate + " of " + std::to_string(v.values.size()) + " runs: ";
  for (std::size_t i = 0; i < v.values.size(); ++i) {
    if (i) s += ", ";
    s += budget::human_value(v.values[i], v.unit, v.metric);
  }
  return s;
}

// Routes: one line each, grown first then largest first, with the part every
// route shares and the route's own part; one table per compression.
std::string routes_table(const evaluate::Outcome& outcome, const util::Style& style) {
  const auto rows = route_rows(outcome);
  if (rows.empty()) return {};
  // gzip first (what budgets mostly name), then brotli, raw, and anything else.
  std::vector<std::string> variants;
  for (const char* known : {"gzip", "brotli", "raw"}) {
    if (std::any_of(rows.begin(), rows.end(), [&](const RouteRow& r) { return r.verdict->variant == known; })) variants.push_back(known);
  }
  for (const auto& r : rows) {
    if (std::find(variants.begin(), variants.end(), r.verdict->variant) == variants.end()) variants.push_back(r.verdict->variant);
  }
  std::string out;
  for (const auto& variant : variants) {
    std::size_t name_w = 5, value_w = 10, limit_w = 5;
    for (const auto& r : rows) {
      if (r.verdict->variant != variant) continue;
      name_w = std::max(name_w, r.verdict->subject.size());
      value_w = std::max(value_w, budget::human_bytes(r.verdict->value).size());
      limit_w = std::max(limit_w, r.verdict->limit_text.size());
    }
    out += style.bold(pad("Routes" + (variant.empty() ? std::string() : " (" + variant + ")"), name_w + 8)) + "  " +
           pad("first load", value_w) + "  " + pad("shared", 10) + "  " + pad("own", 10) + "  limit\n";
    for (const auto& r : rows) {
      const auto& v = *r.verdict;
      if (v.variant != variant) continue;
      std::string line = "  " + status_cell(style, v.status) + "  " + pad(v.subject, name_w) + "  " +
                         pad(budget::human_bytes(v.value), value_w) + "  " + pad(budget::human_bytes(r.shared), 10) +
                         "  " + pad(budget::human_bytes(r.own), 10) + "  " + pad(v.limit_text, limit_w);
      if (v.status != evaluate::Status::pass) {
        line += "  " + (regression_only(v) ? std::string("regression") : budget::human_overage(evaluate::overage(v), v.op, v.unit, v.metric));
      }
      if (v.baseline) line += "  " + style.dim("(" + budget::human_delta(v.value - *v.baseline, v.unit, v.metric) + " since baseline)");
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render_text(const evaluate::Outcome& outcome, const RenderOptions& options) {
  const util::Style style(options.color);
  std::string out;
  // Group verdicts by subject, keeping the sorted order.
  std::vector<std::string> subjects;
  std::map<std::string, std::vector<const evaluate::Verdict*>> by_subject;
  for (const auto& v : outcome.results) {
    if (v.source == "routes" && util::starts_with(v.metric, "route:")) continue;  // in the routes table below
    const std::string title = v.subject.empty() ? v.source : v.subject;
    if (!by_subject.count(title)) subjects.push_back(title);
    by_subject[title].push_back(&v);
  }
  std::size_t metric_width = 6, value_width = 5, limit_width = 5;
  for (const auto& v : outcome.results) {
    metric_width = std::max(metric_width, metric_label(v).size());
    value_width = std::max(value_width, budget::human_value_against(v.value, v.limit, v.unit, v.metric).size());
    limit_width = std::max(limit_width, v.limit_text.size());
  }
  for (const auto& subject : subjects) {
    out += style.bold(subject) + "\n";
    for (const auto* v : by_subject[subject]) {
      out += "  " + status_cell(style, v->status) + "  " + pad(metric_label(*v), metric_width) + "  " +
             pad(budget::human_value_against(v->value, v->limit, v->unit, v->metric), value_width) + "  " +
             pad(v->limit_text, limit_width);
      if (v->status != evaluate::Status::pass) {
        // A regression budget can fail a value that is within its limit.
        out += "  " + (regression_only(*v) ? std::string("regression")
                                           : budget::human_overage(evaluate::overage(*v), v->op, v->unit, v->metric));
      }
      if (v->baseline) {
        out += "  " + style.dim("(" + budget::human_delta(v->value - *v->baseline, v->unit, v->metric) +
                                " since baseline)");
      }
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "\n";
    }
    out += "\n";
  }

  out += routes_table(outcome, style);

  std::size_t failed = 0, warned = 0, passed = 0;
  std::string explained;
  for (const auto& v : outcome.results) {
    if (v.status == evaluate::Status::pass) {
      ++passed;
      continue;
    }
    (v.status == evaluate::Status::fail ? failed : warned)++;
    // "entrypoint:main (gzip)" already names its subject; a page metric does not.
    const bool named = util::ends_with(v.metric, ":" + v.subject);
    const std::string what = named ? metric_label(v) : budget::metric_title(v.metric) + " on " + v.subject;
    std::string line = (v.status == evaluate::Status::fail ? style.red("✗ ") : style.yellow("! ")) + what + ": " +
                       budget::human_value_against(v.value, v.limit, v.unit, v.metric) + ", limit " + v.limit_text;
    if (!regression_only(v)) {
      line += ", " + budget::human_overage(evaluate::overage(v), v.op, v.unit, v.metric);
    }
    const std::string runs = runs_text(v);
    if (!runs.empty()) line += " (" + runs + ")";
    if (runs.empty() && !v.note.empty()) line += " (" + v.note + ")";
    if (!v.regression.empty()) line += "; " + v.regression;
    explained += line + "\n";
    std::size_t shown = 0;
    for (const auto& d : v.details) {
      if (!d.note.empty() && d.value == 0) continue;  // async files are listed in JSON, not here
      if (shown++ == 5) break;
      explained += "    " + pad(budget::human_bytes(d.value), 10) + " " + d.name +
                   (d.note.empty() ? "" : " (" + d.note + ")") + "\n";
    }
  }
  for (const auto& v : outcome.results) {
    if (!v.regression.empty() && v.status == evaluate::Status::pass) explained += "! " + v.regression + "\n";
  }
  if (!explained.empty()) out += explained + "\n";
  if (!options.errors_elsewhere) {
    for (const auto& e : outcome.errors) out += style.red("error: ") + e.line() + "\n";
    if (!outcome.errors.empty()) out += "\n";
  }

  std::string summary = std::to_string(outcome.results.size()) + " budgets checked: " +
                        std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  if (warned) summary += ", " + std::to_string(warned) + " warned";
  if (!outcome.errors.empty()) {
    summary += "; " + std::to_string(outcome.errors.size()) + " could not be checked";
  }
  const int code = outcome.exit_code();
  // FAIL whenever a budget is exceeded, though the exit code is 2 when something could
  // not be checked as well: the exceeded budget is the news.
  const std::string verdict = code == 0 ? style.green("PASS") : failed > 0 ? style.red("FAIL") : style.red("ERROR");
  out += verdict + "  " + summary + " (budget: " + outcome.budget_path + ")\n";
  return out;
}

}  // namespace report
