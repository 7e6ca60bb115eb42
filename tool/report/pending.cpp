// Formats that are not written yet say so instead of printing nothing.
#include "report/render.hpp"

#include "util/error.hpp"

namespace report {

std::string render_junit(const evaluate::Outcome&) { throw util::Error("--format junit", "not available yet"); }
std::string render_markdown(const evaluate::Outcome&) { throw util::Error("--format markdown", "not available yet"); }
std::string render_github(const evaluate::Outcome&) { throw util::Error("--format github", "not available yet"); }
std::string render_html(const evaluate::Outcome&) { throw util::Error("--format html", "not available yet"); }

}  // namespace report
