// JUnit XML: one <testsuite> per source, one <testcase> per budget and subject
// (classname = subject, name = metric). An exceeded budget is a <failure>, a
// warning passes with the message in <system-out>, an input problem is an
// <error>. Readable by Jenkins, GitLab, Azure DevOps and the test-report actions.
#include "report/render.hpp"

#include "report/describe.hpp"

#include <map>

namespace report {

namespace {

// Escape for XML text and attributes; drop characters XML 1.0 cannot hold.
std::string xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (u < 0x20) continue;
        out += c;
    }
  }
  return out;
}

struct Suite {
  std::string body;
  std::size_t tests = 0, failures = 0, errors = 0;
};

}  // namespace

std::string render_junit(const evaluate::Outcome& outcome) {
  std::map<std::string, Suite> suites;  // sorted by source
  for (const auto& v : outcome.results) {
    Suite& s = suites[v.source];
    ++s.tests;
    s.body += "    <testcase classname=\"" + xml(v.subject) + "\" name=\"" + xml(verdict_label(v)) + "\">\n";
    const std::string sentence = verdict_sentence(v);
    if (v.status == evaluate::Status::fail) {
      ++s.failures;
      s.body += "      <failure type=\"budget\" message=\"" + xml(verdict_label(v) + " on " + v.subject + ": " + sentence) +
                "\">" + xml(v.rule) + "</failure>\n";
    } else {
      s.body += "      <system-out>" + xml(std::string(v.status == evaluate::Status::warn ? "warning: " : "") + sentence) +
                "</system-out>\n";
    }
    s.body += "    </testcase>\n";
  }
  for (const auto& e : outcome.errors) {
    Suite& s = suites[e.source];
    ++s.tests;
    ++s.errors;
    s.body += "    <testcase classname=\"" + xml(e.subject.empty() ? e.file : e.subject) + "\" name=\"could not check\">\n" +
              "      <error type=\"input\" message=\"" + xml(e.line()) + "\"/>\n    </testcase>\n";
  }
  std::size_t tests = 0, failures = 0, errors = 0;
  std::string body;
  for (const auto& [name, s] : suites) {
    tests += s.tests;
    failures += s.failures;
    errors += s.errors;
    body += "  <testsuite name=\"perfgate." + xml(name) + "\" tests=\"" + std::to_string(s.tests) + "\" failures=\"" +
            std::to_string(s.failures) + "\" errors=\"" + std::to_string(s.errors) + "\" skipped=\"0\">\n" + s.body +
            "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"perfgate\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\">\n" + body +
         "</testsuites>\n";
}

}  // namespace report
