// Formats that are not written yet say so instead of printing nothing.
#include "report/render.hpp"

#include "util/error.hpp"

namespace report {

std::string render_html(const evaluate::Outcome&) { throw util::Error("--format html", "not available yet"); }

}  // namespace report
