#include "report/render.hpp"

#include "util/strings.hpp"

namespace report {

namespace {
constexpr std::pair<std::string_view, Format> k_formats[] = {
  {"text", Format::text},         {"json", Format::json},     {"junit", Format::junit},
  {"markdown", Format::markdown}, {"github", Format::github}, {"html", Format::html},
};
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "md") return Format::markdown;
  for (const auto& [n, f] : k_formats) {
    if (n == name) return f;
  }
  return std::nullopt;
}

std::string_view format_name(Format format) {
  for (const auto& [n, f] : k_formats) {
    if (f == format) return n;
  }
  return "text";
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& [n, f] : k_formats) names.emplace_back(n);
  return names;
}

namespace {

// A copy of `o` whose sources keep their measurements only when `measurements`: text,
// JSON, JUnit and GitHub print verdicts and never read them, and on 1,050 Lighthouse
// reports (73,000 measurements) copying and cleaning them cost more than rendering.
evaluate::Outcome copy_outcome(const evaluate::Outcome& o, bool measurements) {
  if (measurements) return o;
  // Every member but the measurements (a member added to Outcome is added here too).
  evaluate::Outcome out;
  out.budget_path = o.budget_path;
  out.trends = o.trends;
  out.identity = o.identity;
  out.baseline_from = o.baseline_from;
  out.legacy = o.legacy;
  out.sla = o.sla;
  out.unmatched = o.unmatched;
  out.results = o.results;
  out.errors = o.errors;
  for (const auto& s : o.measured) {
    sources::SourceResult c;
    c.source = s.source;
    c.subjects = s.subjects;
    c.errors = s.errors;
    c.inputs = s.inputs;
    c.series = s.series;
    c.environment = s.environment;
    out.measured.push_back(std::move(c));
  }
  return out;
}

// Every name and message of `outcome` made safe for the outputs: credentials in
// URLs hidden everywhere; control characters made visible where a human reads
// the text (every format but JSON, which escapes them itself).
evaluate::Outcome safe_copy(const evaluate::Outcome& outcome, Format format) {
  const bool human = format != Format::json;
  auto fix = [human](std::string& s) {
    s = util::redact_secrets(s);
    if (human) s = util::printable(s);
  };
  evaluate::Outcome out = copy_outcome(outcome, format == Format::html || format == Format::markdown);
  fix(out.budget_path);
  for (auto& v : out.results) {
    for (auto* s : {&v.source, &v.metric, &v.subject, &v.variant, &v.limit_text, &v.aggregate, &v.rule, &v.note,
                    &v.regression}) {
      fix(*s);
    }
    for (auto& d : v.details) {
      fix(d.name);
      fix(d.note);
    }
  }
  for (auto& e : out.errors) {
    for (auto* s : {&e.source, &e.subject, &e.file, &e.message}) fix(*s);
  }
  for (auto& m : out.measured) {
    for (auto& s : m.subjects) {
      fix(s.name);
      fix(s.url);
      for (auto& o : s.origins) fix(o);
    }
    for (auto& e : m.errors) {
      for (auto* s : {&e.source, &e.subject, &e.file, &e.message}) fix(*s);
    }
    for (auto& x : m.measurements) {
      for (auto* s : {&x.metric, &x.subject, &x.origin, &x.note}) fix(*s);
      for (auto& d : x.details) {
        fix(d.name);
        fix(d.note);
      }
    }
  }
  return out;
}

}  // namespace

std::string render(Format format, const evaluate::Outcome& raw, const RenderOptions& options) {
  const evaluate::Outcome outcome = safe_copy(raw, format);
  switch (format) {
    case Format::text: return util::defuse_workflow_commands(render_text(outcome, options));
    case Format::json: return render_json(outcome);
    case Format::junit: return render_junit(outcome);
    case Format::markdown: return util::defuse_workflow_commands(render_markdown(outcome));
    case Format::github: return render_github(outcome);
    case Format::html: return render_html(outcome);
  }
  return {};
}

}  // namespace report
