// GitHub Actions workflow commands: an ::error annotation per exceeded budget
// and per input problem, ::warning per warning, then a ::notice with the verdict.
// Escaping follows the runner's rules: %, CR and LF in messages; also : and ,
// in properties.
#include "report/render.hpp"

#include "report/describe.hpp"

namespace report {

namespace {

std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string github_escape_data(std::string_view text) { return escape_data(text); }
std::string github_escape_property(std::string_view text) { return escape_property(text); }

std::string render_github(const evaluate::Outcome& outcome) {
  std::string out;
  for (const auto& v : outcome.results) {
    if (v.status == evaluate::Status::pass) continue;
    const char* level = v.status == evaluate::Status::fail ? "error" : "warning";
    out += std::string("::") + level + " title=" + escape_property("perfgate: " + verdict_label(v)) + "::" +
           escape_data(v.subject + ": " + verdict_sentence(v)) + "\n";
  }
  for (const auto& e : outcome.errors) {
    out += "::error ";
    if (!e.file.empty() && e.file.find(", ") == std::string::npos) out += "file=" + escape_property(e.file) + ",";
    out += "title=" + escape_property("perfgate: could not check") + "::" + escape_data(e.line()) + "\n";
  }
  out += "::notice title=perfgate::" + escape_data(outcome_headline(outcome)) + "\n";
  return out;
}

}  // namespace report
