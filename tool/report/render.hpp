// Output formats of a check: one file per format in this folder, chosen by name.
#pragma once

#include "evaluate/outcome.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace report {

enum class Format { text, json, junit, markdown, github, html };

std::optional<Format> parse_format(std::string_view name);
std::string_view format_name(Format format);
std::vector<std::string> format_names();

struct RenderOptions {
  bool color = false;
  // The text report leaves the error lines out (its summary still counts them) when
  // standard error, which has each of them already, goes to the same place.
  bool errors_elsewhere = false;
};

// Render `outcome` in `format`.
std::string render(Format format, const evaluate::Outcome& outcome, const RenderOptions& options = {});

// The formats, one per file.
std::string render_text(const evaluate::Outcome& outcome, const RenderOptions& options);
std::string render_json(const evaluate::Outcome& outcome);
std::string render_junit(const evaluate::Outcome& outcome);
std::string render_markdown(const evaluate::Outcome& outcome);
std::string render_github(const evaluate::Outcome& outcome);
std::string render_html(const evaluate::Outcome& outcome);

// GitHub workflow-command escaping, for messages and for properties.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

}  // namespace report
