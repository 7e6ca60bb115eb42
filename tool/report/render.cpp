#include "report/render.hpp"

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

std::string render(Format format, const evaluate::Outcome& outcome, const RenderOptions& options) {
  switch (format) {
    case Format::text: return render_text(outcome, options);
    case Format::json: return render_json(outcome);
    case Format::junit: return render_junit(outcome);
    case Format::markdown: return render_markdown(outcome);
    case Format::github: return render_github(outcome);
    case Format::html: return render_html(outcome);
  }
  return {};
}

}  // namespace report
