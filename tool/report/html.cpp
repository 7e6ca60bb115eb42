// The release sign-off report: one self-contained HTML file (inline CSS and SVG,
// no scripts, nothing fetched) that a release manager can read on its own: the
// verdict, every budget with value, limit and margin as a bar, the Lighthouse
// metrics of each page (mobile and desktop), bundle composition per entrypoint,
// image findings, the API load tests (runs and endpoints, with the legacy
// baseline), and changes since the baseline. No timestamps: same inputs,
// same bytes.
#include "report/html_text.hpp"
#include "report/render.hpp"

#include "budget/metrics.hpp"
#include "report/describe.hpp"
#include "report/route_tables.hpp"
#include "report/trends.hpp"
#include "report/load_charts.hpp"
#include "report/load_tables.hpp"
#include "report/sla.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "budget/units.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace report {

namespace {

std::string esc(std::string_view text) { return html_escape(text); }

std::string num(double v) { return one_decimal(v); }

// A bar of `value` against `limit`: green within, red past; the limit is a line.
std::string bar(const evaluate::Verdict& v) {
  const bool limited = std::isfinite(v.limit);  // no limit: the value alone, no limit line
  const double scale = std::max({v.value, limited ? v.limit : 0.0, 1e-9}) * 1.1;
  const double w = 220;
  const double x_value = w * std::clamp(v.value / scale, 0.0, 1.0);
  const double x_limit = limited ? w * std::clamp(v.limit / scale, 0.0, 1.0) : 0.0;
  const char* colour = v.status == evaluate::Status::pass ? "#1a7f37" : v.status == evaluate::Status::warn ? "#bf8700" : "#cf222e";
  return "<svg width=\"220\" height=\"14\" role=\"img\" aria-label=\"" + esc(budget::human_value_against(v.value, v.limit, v.unit, v.metric)) +
         " of " + esc(v.limit_text) + "\"><rect x=\"0\" y=\"2\" width=\"220\" height=\"10\" fill=\"#eaeef2\"/>"
         "<rect x=\"0\" y=\"2\" width=\"" + num(x_value) + "\" height=\"10\" fill=\"" + colour + "\"/>" +
         (limited ? "<line x1=\"" + num(x_limit) + "\" x2=\"" + num(x_limit) +
                        "\" y1=\"0\" y2=\"14\" stroke=\"#24292f\" stroke-width=\"2\"/>"
                  : std::string()) +
         "</svg>";
}

std::string status_badge(evaluate::Status s) {
  switch (s) {
    case evaluate::Status::pass: return "<span class=\"b pass\">pass</span>";
    case evaluate::Status::warn: return "<span class=\"b warn\">warn</span>";
    case evaluate::Status::fail: return "<span class=\"b fail\">fail</span>";
  }
  return "";
}

std::string delta_text(const evaluate::Verdict& v) {
  return budget::human_delta(v.value - *v.baseline, v.unit, v.metric);
}

// Return "+29.1%", or "" when the baseline was zero.
std::string percent_change(const evaluate::Verdict& v) {
  if (*v.baseline == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * (v.value - *v.baseline) / std::fabs(*v.baseline));
  return buf;
}

void counts_section(const evaluate::Outcome& outcome, std::string& out) {
  std::size_t counts[3] = {};
  std::size_t regressions = 0;
  for (const auto& v : outcome.results) {
    ++counts[static_cast<int>(v.status)];
    regressions += !v.regression.empty();
  }
  out += "<ul class=\"counts\"><li class=\"pass\"><b>" + std::to_string(counts[0]) + "</b> met</li><li class=\"warn\"><b>" +
         std::to_string(counts[1]) + "</b> warnings</li><li class=\"fail\"><b>" + std::to_string(counts[2]) +
         "</b> exceeded</li><li class=\"error\"><b>" + std::to_string(outcome.errors.size()) + "</b> could not be checked</li>";
  if (regressions) out += "<li class=\"fail\"><b>" + std::to_string(regressions) + "</b> regressions since the baseline</li>";
  out += "</ul>\n";
}

// The results that have a baseline and moved: regressions first, then the
// largest relative changes, so the release manager reads what matters first.
void baseline_section(const evaluate::Outcome& outcome, std::string& out) {
  std::vector<const evaluate::Verdict*> changed;
  std::size_t unchanged = 0, fresh = 0;
  for (const auto& v : outcome.results) {
    if (!v.baseline) ++fresh;
    else if (v.value == *v.baseline && v.regression.empty()) ++unchanged;
    else changed.push_back(&v);
  }
  auto relative = [](const evaluate::Verdict* v) {
    return *v->baseline == 0 ? 1e300 : std::fabs((v->value - *v->baseline) / *v->baseline);
  };
  std::stable_sort(changed.begin(), changed.end(), [&](const auto* a, const auto* b) {
    if (a->regression.empty() != b->regression.empty()) return !a->regression.empty();
    return relative(a) > relative(b);
  });
  out += "<h2 id=\"baseline\">Changes since the baseline</h2>\n<p class=\"note\">" +
         (outcome.baseline_from.empty() ? std::string() : "Baseline: " + esc(outcome.baseline_from) + ". ") + std::to_string(changed.size()) +
         " changed, " + std::to_string(unchanged) + " unchanged, " + std::to_string(fresh) + " new (no baseline result).</p>\n";
  if (changed.empty()) return;
  out += "<table><tr><th></th><th>budget</th><th>subject</th><th>baseline</th><th>now</th><th>change</th><th></th><th>regression budget</th></tr>\n";
  for (const auto* v : changed) {
    out += "<tr class=\"chg\"><td>" + status_badge(v->status) + "</td><td>" + esc(verdict_label(*v)) + "</td><td>" + esc(v->subject) +
           "</td><td class=\"num\">" + esc(budget::human_value(*v->baseline, v->unit, v->metric)) + "</td><td class=\"num\">" +
           esc(budget::human_value_against(v->value, v->limit, v->unit, v->metric)) + "</td><td class=\"num\">" + esc(delta_text(*v)) +
           "</td><td class=\"num\">" + esc(percent_change(*v)) + "</td><td>" +
           (v->regression.empty() ? std::string("—") : "<span class=\"regression\">" + esc(v->regression) + "</span>") + "</td></tr>\n";
  }
  out += "</table>\n";
}

// Every budget, grouped by what it measured (a page, an entrypoint, a folder).
void budgets_section(const evaluate::Outcome& outcome, std::string& out) {
  const bool baseline = std::any_of(outcome.results.begin(), outcome.results.end(), [](const auto& v) { return v.baseline.has_value(); });
  const bool trends = !outcome.trends.empty();
  const std::string columns = std::to_string(6 + (baseline ? 1 : 0) + (trends ? 1 : 0));
  out += "<h2 id=\"budgets\">Budgets</h2>\n<p class=\"note\">Margin: how far within (+) or beyond (−) the limit. "
         "Bars: the value against the scale; the black line is the limit.</p>\n"
         "<table><tr><th></th><th>budget</th><th>value</th><th>limit</th><th>margin</th><th></th>";
  if (baseline) out += "<th>since baseline</th>";
  if (trends) out += "<th>recorded checks</th>";
  out += "</tr>\n";
  const evaluate::Verdict* previous = nullptr;
  for (const auto& v : outcome.results) {
    if (!previous || previous->subject != v.subject || previous->source != v.source) {
      out += "<tr class=\"group\"><th colspan=\"" + columns + "\">" + esc(v.subject) + " <span class=\"note\">" +
             esc(v.source) + "</span></th></tr>\n";
    }
    previous = &v;
    out += "<tr><td>" + status_badge(v.status) + "</td><td>" + esc(verdict_label(v)) + "</td><td class=\"num\">" +
           esc(budget::human_value_against(v.value, v.limit, v.unit, v.metric)) + "</td><td class=\"num\">" + esc(v.limit_text) +
           "</td><td class=\"num\">" + esc(margin_text(v)) + "</td><td>" + bar(v) +
           "</td>";
    if (baseline) {
      out += "<td class=\"num\">" + (v.baseline ? esc(delta_text(v)) : std::string("new")) +
             (v.regression.empty() ? "" : " <span class=\"b fail\">regression</span>") + "</td>";
    }
    if (trends) {
      const auto t = outcome.trends.find(evaluate::trend_key(v));
      out += "<td>" + (t == outcome.trends.end() ? std::string("new") : sparkline_svg(t->second) + " <span class=\"note\">" +
                                                                            esc(since_release_text(v, t->second)) + "</span>") + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One row per page and form factor (mobile and desktop side by side once
// sorted), the median of each metric over the page's runs.
void lighthouse_section(const sources::SourceResult& s, std::string& out) {
  const auto& metrics = sources::k_page_table_metrics;
  out += "<h2 id=\"pages\">Lighthouse pages</h2>\n<p class=\"note\">Median of the runs of each page.</p>\n"
         "<table><tr><th>page</th><th>runs</th>";
  for (std::string_view m : metrics) out += "<th>" + esc(budget::metric_title(m)) + "</th>";
  out += "</tr>\n";
  std::vector<const sources::Subject*> subjects;
  for (const auto& subject : s.subjects) subjects.push_back(&subject);
  std::stable_sort(subjects.begin(), subjects.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* subject : subjects) {
    std::map<std::string, std::vector<double>, std::less<>> values;
    budget::Unit unit_of[std::size(metrics)] = {};
    for (const auto& m : s.measurements) {
      if (m.subject != subject->name || !m.value) continue;
      for (std::size_t i = 0; i < std::size(metrics); ++i) {
        if (m.metric == metrics[i]) {
          values[m.metric].push_back(*m.value);
          unit_of[i] = m.unit;
        }
      }
    }
    out += "<tr><td>" + esc(subject->name) + "</td><td class=\"num\">" + std::to_string(subject->origins.size()) + "</td>";
    for (std::size_t i = 0; i < std::size(metrics); ++i) {
      auto it = values.find(metrics[i]);
      out += "<td class=\"num\">" +
             (it == values.end() ? std::string("—") : esc(budget::human_value(median(it->second), unit_of[i], metrics[i]))) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

// Routes: each route's first load, grown routes first, then the largest.
void routes_section(const evaluate::Outcome& outcome, std::string& out) {
  const auto rows = route_rows(outcome);
  if (rows.empty()) return;
  const bool baseline = std::any_of(rows.begin(), rows.end(), [](const RouteRow& r) { return r.verdict->baseline.has_value(); });
  out += "<h2 id=\"routes\">Routes: first load</h2>\n<p class=\"note\">What a first visit to each route downloads: "
         "shared = in every route of the build, own = the rest. Routes that grew since the baseline first, then the "
         "largest.</p>\n<table><tr><th></th><th>route</th><th>first load</th><th>shared</th><th>own</th><th>limit</th>";
  if (baseline) out += "<th>since baseline</th>";
  out += "</tr>\n";
  for (const auto& r : rows) {
    const auto& v = *r.verdict;
    out += "<tr><td>" + status_badge(v.status) + "</td><td>" + esc(v.subject) +
           (v.variant.empty() ? std::string() : " <span class=\"note\">" + esc(v.variant) + "</span>") +
           "</td><td class=\"num\">" + esc(budget::human_bytes(v.value)) + "</td><td class=\"num\">" +
           esc(budget::human_bytes(r.shared)) + "</td><td class=\"num\">" + esc(budget::human_bytes(r.own)) +
           "</td><td>" + esc(v.limit_text) + "</td>";
    if (baseline) out += "<td class=\"num\">" + esc(delta_text(v)) + "</td>";
    out += "</tr>\n";
  }
  out += "</table>\n";
}

constexpr const char* k_palette[] = {"#0969da", "#54aeff", "#8250df", "#c297ff", "#1a7f37", "#4ac26b", "#bf8700", "#d4a72c"};

// Each entrypoint's gzipped initial files: a stacked bar, then the files with
// the same colours; async chunks are listed but not counted.
void bundle_section(const sources::SourceResult& s, std::string& out) {
  out += "<h2 id=\"bundles\">Bundle composition</h2>\n";
  for (const auto& m : s.measurements) {
    if (m.variant != "gzip" || !m.value || m.metric == "initial:total") continue;
    out += "<h3>" + esc(m.metric) + " — " + esc(budget::human_bytes(*m.value)) + " gzipped</h3>\n";
    out += "<svg width=\"640\" height=\"18\" role=\"img\" aria-label=\"composition of " + esc(m.metric) + "\">";
    double x = 0;
    std::size_t i = 0;
    for (const auto& d : m.details) {
      if (d.value <= 0 || *m.value <= 0) continue;
      const double w = 640 * d.value / *m.value;
      out += "<rect x=\"" + num(x) + "\" y=\"0\" width=\"" + num(w) + "\" height=\"18\" fill=\"" + k_palette[i++ % 8] +
             "\"><title>" + esc(d.name) + " " + esc(budget::human_bytes(d.value)) + "</title></rect>";
      x += w;
    }
    out += "</svg>\n<table><tr><th>file</th><th>gzip</th><th>share</th></tr>\n";
    i = 0;
    for (const auto& d : m.details) {
      const bool counted = d.value > 0 && *m.value > 0;
      const std::string swatch =
          counted ? "<i class=\"sw\" style=\"background:" + std::string(k_palette[i++ % 8]) + "\"></i>" : "<i class=\"sw\"></i>";
      out += "<tr><td>" + swatch + esc(d.name) + (d.note.empty() ? "" : " <span class=\"note\">(" + esc(d.note) + ")</span>") +
             "</td><td class=\"num\">" + (counted ? esc(budget::human_bytes(d.value)) : "—") + "</td><td class=\"num\">" +
             (counted ? num(100 * d.value / *m.value) + "%" : "") + "</td></tr>\n";
    }
    out += "</table>\n";
  }
}

// Images still shipped as PNG/JPEG and oversized ones: the images source's
// findings per folder, and Lighthouse's per page (from the verdicts, so one
// set per page rather than one per run).
void images_section(const evaluate::Outcome& outcome, std::string& out) {
  std::string rows;
  auto row = [&](std::string_view metric, std::string_view subject, const sources::Detail& d) {
    rows += "<tr><td>" + esc(budget::metric_title(metric)) + "</td><td>" + esc(subject) + "</td><td>" + esc(d.name) +
            "</td><td class=\"num\">" + esc(budget::human_bytes(d.value)) + "</td><td>" + esc(d.note) + "</td></tr>\n";
  };
  for (const auto& s : outcome.measured) {
    if (s.source != "images") continue;
    for (const auto& m : s.measurements) {
      for (const auto& d : m.details) row(m.metric, m.subject, d);
    }
  }
  for (const auto& v : outcome.results) {
    if (v.source == "images" || v.metric.rfind("images:", 0) != 0) continue;
    for (const auto& d : v.details) row(v.metric, v.subject, d);
  }
  if (rows.empty()) return;
  out += "<h2 id=\"images\">Images</h2>\n<table><tr><th>finding</th><th>where</th><th>image</th><th>bytes</th><th>note</th></tr>\n" +
         rows + "</table>\n";
}

std::string opt_value(const std::optional<double>& v, budget::Unit unit, std::string_view metric) {
  return v ? esc(budget::human_value(*v, unit, metric)) : std::string("—");
}

std::string verdict_badge(const std::string& verdict) {
  if (verdict == "pass" || verdict == "warn" || verdict == "fail") return "<span class=\"b " + verdict + "\">" + verdict + "</span>";
  if (verdict == "not checked" || verdict == "not measured") return "<span class=\"b fail\">" + esc(verdict) + "</span>";
  return "<span class=\"note\">" + esc(verdict) + "</span>";
}

// A measured value, coloured by its budget, with the target under it.
std::string target_cell(const EndpointRow::Cell& c, budget::Unit unit, std::string_view metric) {
  std::string cls = "num";
  if (c.verdict && c.verdict->status == evaluate::Status::fail) cls += " over";
  std::string out = "<td class=\"" + cls + "\">" + opt_value(c.value, unit, metric);
  if (c.verdict) out += "<br><span class=\"note\">" + esc(c.verdict->limit_text) + "</span>";
  else if (!c.target.empty()) out += "<br><span class=\"note\">" + esc(c.target) + "</span>";
  return out + "</td>";
}

// The API half of the SLA, laid out as its load-test table, then per endpoint.
void api_section(const evaluate::Outcome& outcome, std::string& out) {
  const auto runs = load_run_rows(outcome);
  const auto endpoints = endpoint_rows(outcome);
  if (runs.empty() && endpoints.empty()) return;
  using budget::Unit;
  out += "<h2 id=\"api\">API load tests</h2>\n"
         "<table><tr><th>scenario</th><th>tool</th><th>users</th><th>duration</th><th>p50</th><th>p95</th><th>p99</th>"
         "<th>error rate</th><th>requests</th><th>throughput</th><th>result</th></tr>\n";
  for (const auto& r : runs) {
    out += "<tr><td>" + esc(r.scenario) + "</td><td>" + (r.tool.empty() ? std::string("—") : esc(r.tool)) + "</td><td class=\"num\">" +
           opt_value(r.users, Unit::count, "api:users") + "</td><td class=\"num\">" +
           (r.duration_ms ? esc(duration_text(*r.duration_ms)) : std::string("—")) + "</td><td class=\"num\">" +
           opt_value(r.p50, Unit::ms, "api:p50") + "</td><td class=\"num\">" + opt_value(r.p95, Unit::ms, "api:p95") +
           "</td><td class=\"num\">" + opt_value(r.p99, Unit::ms, "api:p99") + "</td><td class=\"num\">" +
           opt_value(r.error_rate, Unit::percent, "api:error-rate") + "</td><td class=\"num\">" +
           opt_value(r.requests, Unit::count, "api:requests") + "</td><td class=\"num\">" +
           opt_value(r.throughput, Unit::per_second, "api:throughput") + "</td><td>" + verdict_badge(r.verdict) + "</td></tr>\n";
  }
  out += "</table>\n";
  if (endpoints.empty()) return;
  const bool legacy = std::any_of(endpoints.begin(), endpoints.end(), [](const auto& e) { return e.legacy_p99.has_value(); });
  out += "<h3>Endpoints</h3>\n<p class=\"note\">Measured, with the budget's target under it (red: over it)." +
         std::string(legacy ? " Legacy p99: the system this one replaces; improvement = legacy p99 ÷ p99 now." : "") +
         "</p>\n<table><tr><th>endpoint</th><th>requests</th><th>p50</th><th>p95</th><th>p99</th><th>error rate</th>" +
         (legacy ? "<th>legacy p99</th><th>improvement</th>" : "") + "<th>result</th></tr>\n";
  for (const auto& e : endpoints) {
    out += "<tr><td>" + esc(e.name) + "</td><td class=\"num\">" + opt_value(e.requests, Unit::count, "api:requests") + "</td>" +
           target_cell(e.p50, Unit::ms, "api:p50") + target_cell(e.p95, Unit::ms, "api:p95") + target_cell(e.p99, Unit::ms, "api:p99") +
           target_cell(e.error_rate, Unit::percent, "api:error-rate");
    if (legacy) {
      out += "<td class=\"num\">" + opt_value(e.legacy_p99, Unit::ms, "api:p99") + "</td><td class=\"num\">" +
             (e.improvement ? esc(factor_text(*e.improvement)) : std::string("—")) + "</td>";
    }
    out += "<td>" + verdict_badge(e.verdict) + "</td></tr>\n";
  }
  out += "</table>\n";
}

constexpr const char* k_style = R"(<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#24292f;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem}
.verdict{padding:1rem 1.2rem;border-radius:8px;font-size:1.25rem;font-weight:600}
.verdict.pass{background:#dafbe1;color:#116329}.verdict.fail{background:#ffebe9;color:#a40e26}.verdict.error{background:#fff8c5;color:#7d4e00}
ul.counts{display:flex;gap:.6rem;list-style:none;padding:0;margin:.8rem 0}
ul.counts li{border:1px solid #d0d7de;border-radius:6px;padding:.3rem .8rem}ul.counts b{font-size:1.2rem;margin-right:.3rem}
ul.counts li.pass b{color:#116329}ul.counts li.warn b{color:#7d4e00}ul.counts li.fail b,ul.counts li.error b{color:#a40e26}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:middle}
th{font-size:.85rem;color:#57606a}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.group th{background:#f6f8fa;color:#24292f;font-size:.9rem;padding-top:.5rem;word-break:break-all}
.b{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:600}
.b.pass{background:#dafbe1;color:#116329}.b.warn{background:#fff8c5;color:#7d4e00}.b.fail{background:#ffebe9;color:#a40e26}
.regression{color:#a40e26;font-size:.85rem}td.over{color:#a40e26;font-weight:600}
.note{color:#57606a;font-size:.85rem;font-weight:normal}ul.errors li{color:#a40e26}
section.charts svg{display:block;max-width:100%;height:auto;margin:.3rem 0}
table.identity{width:auto}table.identity th{text-align:right;padding-right:1rem;color:#57606a}
ol.failures li{margin:.2rem 0}svg.spark{vertical-align:middle}code{font-size:.85em;word-break:break-all}
section.approval table td{height:2.2rem;border-bottom:1px solid #57606a}div.comments{height:5rem;border:1px solid #d0d7de;border-radius:6px}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}h2{break-after:avoid}tr,li,svg{break-inside:avoid}
section.approval{break-inside:avoid;break-before:page}.verdict{border:2px solid currentColor}}
i.sw{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin-right:.4rem;vertical-align:baseline}
</style>)";

// What this sign-off covers: the release, the commit, the date, what measured, the
// budgets (with their SHA-256, so a signed copy names the exact rules), perfgate.
void identity_section(const evaluate::Outcome& outcome, std::string& out) {
  const auto& id = outcome.identity;
  auto row = [&](const std::string& name, const std::string& value, const std::string& note = {}) {
    out += "<tr><th>" + esc(name) + "</th><td>" + value + (note.empty() ? "" : " <span class=\"note\">" + esc(note) + "</span>") + "</td></tr>\n";
  };
  out += "<table class=\"identity\">\n";
  row("Release", id.release.empty() ? "<i>not named</i>" : "<b>" + esc(id.release) + "</b>",
      id.release.empty() ? "give --release NAME, or run where package.json has a version" : "from " + id.release_from);
  if (!id.commit.empty()) {
    row("Commit", "<code>" + esc(id.commit) + "</code>", id.branch.empty() ? std::string() : "branch " + id.branch);
  } else {
    row("Commit", "<i>not a git repository</i>");
  }
  row("Date", esc(id.date),
      id.date_from.empty() ? "the time of this run (the only part that differs between two runs; --date or SOURCE_DATE_EPOCH fixes it)"
                           : "from " + id.date_from);
  std::string env;
  for (const auto& [k, v] : id.environment) {
    if (!env.empty()) env += "; ";
    env += esc(k) + " " + esc(v);
  }
  row("Measured with", env.empty() ? "—" : env);
  std::string budgets;
  for (const auto& [file, sha] : id.budgets) {
    if (!budgets.empty()) budgets += "<br>";
    budgets += esc(file) + " <span class=\"note\">SHA-256 <code>" + esc(sha) + "</code></span>";
  }
  row("Budgets", budgets.empty() ? esc(outcome.budget_path) : budgets);
  row("perfgate", esc(id.perfgate.empty() ? std::string(PERFGATE_VERSION) : id.perfgate));
  out += "</table>\n";
}

// What failed, each as a sentence a release manager reads without the key names.
void failures_section(const evaluate::Outcome& outcome, std::string& out) {
  std::vector<const evaluate::Verdict*> failed;
  for (const auto& v : outcome.results) {
    if (v.status == evaluate::Status::fail) failed.push_back(&v);
  }
  if (failed.empty()) return;
  // The furthest over first (relative to the limit), so the worst is read first.
  auto relative = [](const evaluate::Verdict* v) {
    return std::isfinite(v->limit) && v->limit != 0 ? std::fabs(evaluate::overage(*v) / v->limit) : 0.0;
  };
  std::stable_sort(failed.begin(), failed.end(), [&](const auto* a, const auto* b) { return relative(a) > relative(b); });
  out += "<h2 id=\"failures\">What failed</h2>\n<ol class=\"failures\">\n";
  for (const auto* v : failed) {
    out += "<li><b>" + esc(human_label(*v)) + "</b> on " + esc(v->subject) + ": " +
           esc(failure_detail(*v)) + "</li>\n";
  }
  out += "</ol>\n";
}

// With a history: what got worse since the last release, the largest first.
void regressions_section(const evaluate::Outcome& outcome, std::string& out) {
  const auto worse = largest_regressions(outcome, 5);
  if (worse.empty()) return;
  out += "<h2 id=\"regressions\">Largest regressions since the last release</h2>\n<ol class=\"failures\">\n";
  for (const auto* v : worse) {
    const auto& t = outcome.trends.at(evaluate::trend_key(*v));
    out += "<li><b>" + esc(human_label(*v)) + "</b> on " + esc(v->subject) + ": " +
           esc(budget::human_value_against(v->value, v->limit, v->unit, v->metric)) + ", " + esc(since_release_text(*v, t)) + " " +
           sparkline_svg(t) + "</li>\n";
  }
  out += "</ol>\n";
}

// Where the release manager signs: prints on A4 with lines to write on.
// The SLA's summary, every row of the budget's "sla" (report/sla.hpp): its target, what
// this run measured, its status, or what measures it when perfgate does not.
void sla_section(const evaluate::Outcome& outcome, std::string& out) {
  const std::vector<SlaLine> lines = sla_lines(outcome);
  if (lines.empty()) return;
  out += "<h2 id=\"sla\">The SLA</h2>\n<table class=\"sla\"><tr><th>SLA row</th><th>target</th><th>measured</th>"
         "<th>status</th><th>note</th></tr>\n";
  for (const auto& l : lines) {
    const std::string status = l.status == "elsewhere" ? "<span class=\"note\">not measured by perfgate</span>" : verdict_badge(l.status);
    out += "<tr><td>" + esc(l.row) + "</td><td>" + esc(l.target) + "</td><td>" + (l.measured.empty() ? "—" : esc(l.measured)) +
           "</td><td>" + status + "</td><td>" + esc(l.note) + "</td></tr>\n";
  }
  out += "</table>\n";
}

void approval_section(std::string& out) {
  out += "<section class=\"approval\" id=\"approval\"><h2>Approval</h2>\n"
         "<table><tr><th>Name</th><th>Role</th><th>Decision</th><th>Date</th><th>Signature</th></tr>\n";
  for (int i = 0; i < 2; ++i) {
    out += "<tr class=\"sign\"><td></td><td></td><td>&#9744; approved &#9744; rejected</td><td></td><td></td></tr>\n";
  }
  out += "</table>\n<p class=\"note\">Comments:</p><div class=\"comments\"></div></section>\n";
}

}  // namespace

std::string render_html(const evaluate::Outcome& outcome) {
  const int code = outcome.exit_code();
  const bool any_failed = std::any_of(outcome.results.begin(), outcome.results.end(),
                                     [](const auto& v) { return v.status == evaluate::Status::fail; });
  const char* cls = code == 0 ? "pass" : any_failed ? "fail" : "error";
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                    "<title>perfgate: " + esc(outcome_headline(outcome)) + "</title>\n" + k_style + "</head><body>\n";
  out += "<h1>Performance sign-off" +
         (outcome.identity.release.empty() ? std::string() : ": " + esc(outcome.identity.release)) + "</h1>\n";
  out += "<div class=\"verdict " + std::string(cls) + "\" id=\"verdict\">" + esc(outcome_headline(outcome)) + "</div>\n";
  failures_section(outcome, out);
  sla_section(outcome, out);
  regressions_section(outcome, out);
  counts_section(outcome, out);
  identity_section(outcome, out);
  if (!outcome.errors.empty()) {
    out += "<h2 id=\"errors\">Could not check</h2>\n<ul class=\"errors\">\n";
    for (const auto& e : outcome.errors) out += "<li>" + esc(e.line()) + "</li>\n";
    out += "</ul>\n";
  }
  if (std::any_of(outcome.results.begin(), outcome.results.end(), [](const auto& v) { return v.baseline.has_value(); })) {
    baseline_section(outcome, out);
  }
  routes_section(outcome, out);
  budgets_section(outcome, out);
  for (const auto& s : outcome.measured) {
    if (s.measurements.empty()) continue;
    if (s.source == "lighthouse") lighthouse_section(s, out);
    else if (s.source == "bundle") bundle_section(s, out);
    else if (s.source == "load") {
      api_section(outcome, out);
      out += load_charts_html(s);
    }
  }
  images_section(outcome, out);
  approval_section(out);
  out += "<p class=\"note\">Made by perfgate " PERFGATE_VERSION ".</p>\n</body></html>\n";
  return out;
}

}  // namespace report
