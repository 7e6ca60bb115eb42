// The release sign-off report: one self-contained HTML file (inline CSS and SVG,
// no scripts, nothing fetched) that a release manager can read on its own: the
// verdict, every budget with value, limit and margin as a bar, the Lighthouse
// metrics of each page (mobile and desktop), bundle composition per entrypoint,
// image findings, and changes since the baseline. No timestamps: same inputs,
// same bytes.
#include "report/render.hpp"

#include "budget/metrics.hpp"
#include "report/describe.hpp"
#include "budget/units.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace report {

namespace {

std::string esc(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A bar of `value` against `limit`: green within, red past; the limit is a line.
std::string bar(const evaluate::Verdict& v) {
  const double scale = std::max({v.value, v.limit, 1e-9}) * 1.1;
  const double w = 220;
  const double x_value = w * std::clamp(v.value / scale, 0.0, 1.0);
  const double x_limit = w * std::clamp(v.limit / scale, 0.0, 1.0);
  const char* colour = v.status == evaluate::Status::pass ? "#1a7f37" : v.status == evaluate::Status::warn ? "#bf8700" : "#cf222e";
  return "<svg width=\"220\" height=\"14\" role=\"img\" aria-label=\"" + esc(budget::human_value(v.value, v.unit, v.metric)) +
         " of " + esc(v.limit_text) + "\"><rect x=\"0\" y=\"2\" width=\"220\" height=\"10\" fill=\"#eaeef2\"/>"
         "<rect x=\"0\" y=\"2\" width=\"" + num(x_value) + "\" height=\"10\" fill=\"" + colour + "\"/>"
         "<line x1=\"" + num(x_limit) + "\" x2=\"" + num(x_limit) + "\" y1=\"0\" y2=\"14\" stroke=\"#24292f\" stroke-width=\"2\"/></svg>";
}

std::string status_badge(evaluate::Status s) {
  switch (s) {
    case evaluate::Status::pass: return "<span class=\"b pass\">pass</span>";
    case evaluate::Status::warn: return "<span class=\"b warn\">warn</span>";
    case evaluate::Status::fail: return "<span class=\"b fail\">fail</span>";
  }
  return "";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void lighthouse_section(const sources::SourceResult& s, std::string& out) {
  static const char* metrics[] = {"categories:performance", "first-contentful-paint", "largest-contentful-paint",
                                  "total-blocking-time",    "cumulative-layout-shift", "speed-index",
                                  "server-response-time",   "total-byte-weight"};
  out += "<h2>Lighthouse pages</h2>\n<p class=\"note\">Median of the runs of each page.</p>\n<table><tr><th>page</th><th>runs</th>";
  for (const char* m : metrics) out += "<th>" + esc(budget::metric_title(m)) + "</th>";
  out += "</tr>\n";
  for (const auto& subject : s.subjects) {
    std::map<std::string, std::vector<double>> values;
    budget::Unit unit_of[std::size(metrics)] = {};
    for (const auto& m : s.measurements) {
      if (m.subject != subject.name || !m.value) continue;
      for (std::size_t i = 0; i < std::size(metrics); ++i) {
        if (m.metric == metrics[i]) {
          values[m.metric].push_back(*m.value);
          unit_of[i] = m.unit;
        }
      }
    }
    out += "<tr><td>" + esc(subject.name) + "</td><td>" + std::to_string(subject.origins.size()) + "</td>";
    for (std::size_t i = 0; i < std::size(metrics); ++i) {
      auto it = values.find(metrics[i]);
      out += "<td>" + (it == values.end() ? std::string("—") : esc(budget::human_value(median(it->second), unit_of[i], metrics[i]))) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

void bundle_section(const sources::SourceResult& s, std::string& out) {
  out += "<h2>Bundle composition</h2>\n";
  for (const auto& m : s.measurements) {
    if (m.variant != "gzip" || !m.value || m.metric == "initial:total") continue;
    out += "<h3>" + esc(m.metric) + " — " + esc(budget::human_bytes(*m.value)) + " gzipped</h3>\n";
    // A stacked bar of the initial files, then the table.
    out += "<svg width=\"640\" height=\"18\" role=\"img\" aria-label=\"composition\">";
    double x = 0;
    int i = 0;
    static const char* palette[] = {"#0969da", "#54aeff", "#8250df", "#c297ff", "#1a7f37", "#4ac26b", "#bf8700", "#d4a72c"};
    for (const auto& d : m.details) {
      if (d.value <= 0) continue;
      const double w = 640 * d.value / *m.value;
      out += "<rect x=\"" + num(x) + "\" y=\"0\" width=\"" + num(w) + "\" height=\"18\" fill=\"" + palette[i++ % 8] +
             "\"><title>" + esc(d.name) + " " + esc(budget::human_bytes(d.value)) + "</title></rect>";
      x += w;
    }
    out += "</svg>\n<table><tr><th>file</th><th>gzip</th><th>share</th></tr>\n";
    for (const auto& d : m.details) {
      const bool async = d.value <= 0 && !d.note.empty();
      out += "<tr><td>" + esc(d.name) + (async ? " <span class=\"note\">(" + esc(d.note) + ")</span>" : "") +
             "</td><td>" + (async ? "—" : esc(budget::human_bytes(d.value))) + "</td><td>" +
             (async ? "" : num(100 * d.value / *m.value) + "%") + "</td></tr>\n";
    }
    out += "</table>\n";
  }
}

void images_section(const sources::SourceResult& s, std::string& out) {
  out += "<h2>Images</h2>\n<table><tr><th>finding</th><th>subject</th><th>image</th><th>bytes</th><th>note</th></tr>\n";
  for (const auto& m : s.measurements) {
    for (const auto& d : m.details) {
      out += "<tr><td>" + esc(m.metric) + "</td><td>" + esc(m.subject) + "</td><td>" + esc(d.name) + "</td><td>" +
             esc(budget::human_bytes(d.value)) + "</td><td>" + esc(d.note) + "</td></tr>\n";
    }
  }
  out += "</table>\n";
}

constexpr const char* k_style = R"(<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#24292f;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem}
.verdict{padding:1rem 1.2rem;border-radius:8px;font-size:1.25rem;font-weight:600}
.verdict.pass{background:#dafbe1;color:#116329}.verdict.fail{background:#ffebe9;color:#a40e26}.verdict.error{background:#fff8c5;color:#7d4e00}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:middle}
th{font-size:.85rem;color:#57606a}td.num{text-align:right;font-variant-numeric:tabular-nums}
.b{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:600}
.b.pass{background:#dafbe1;color:#116329}.b.warn{background:#fff8c5;color:#7d4e00}.b.fail{background:#ffebe9;color:#a40e26}
.note{color:#57606a;font-size:.85rem}ul.errors li{color:#a40e26}
</style>)";

}  // namespace

std::string render_html(const evaluate::Outcome& outcome) {
  const int code = outcome.exit_code();
  const char* cls = code == 0 ? "pass" : code == 1 ? "fail" : "error";
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                    "<title>perfgate: " + esc(outcome_headline(outcome)) + "</title>\n" + k_style + "</head><body>\n";
  out += "<h1>Performance budgets</h1>\n<p class=\"note\">Budget: " + esc(outcome.budget_path) + "</p>\n";
  out += "<div class=\"verdict " + std::string(cls) + "\" id=\"verdict\">" + esc(outcome_headline(outcome)) + "</div>\n";
  if (!outcome.errors.empty()) {
    out += "<h2>Could not check</h2>\n<ul class=\"errors\">\n";
    for (const auto& e : outcome.errors) out += "<li>" + esc(e.line()) + "</li>\n";
    out += "</ul>\n";
  }
  const bool baseline = std::any_of(outcome.results.begin(), outcome.results.end(), [](const auto& v) { return v.baseline.has_value(); });
  out += "<h2>Budgets</h2>\n<table><tr><th></th><th>budget</th><th>subject</th><th>value</th><th>limit</th><th>margin</th><th></th>";
  if (baseline) out += "<th>since baseline</th>";
  out += "</tr>\n";
  for (const auto& v : outcome.results) {
    out += "<tr><td>" + status_badge(v.status) + "</td><td>" + esc(verdict_label(v)) + "</td><td>" + esc(v.subject) +
           "</td><td class=\"num\">" + esc(budget::human_value(v.value, v.unit, v.metric)) + "</td><td>" + esc(v.limit_text) +
           "</td><td class=\"num\">" + esc(budget::human_delta(-evaluate::overage(v), v.unit, v.metric)) + "</td><td>" + bar(v) + "</td>";
    if (baseline) {
      out += "<td class=\"num\">" + (v.baseline ? esc(budget::human_delta(v.value - *v.baseline, v.unit, v.metric)) : std::string("new")) +
             (v.regression.empty() ? "" : " <span class=\"b fail\">" + esc(v.regression) + "</span>") + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
  for (const auto& s : outcome.measured) {
    if (s.measurements.empty()) continue;
    if (s.source == "lighthouse") lighthouse_section(s, out);
    else if (s.source == "bundle") bundle_section(s, out);
    else if (s.source == "images") images_section(s, out);
  }
  out += "<p class=\"note\">Made by perfgate " PERFGATE_VERSION ".</p>\n</body></html>\n";
  return out;
}

}  // namespace report
