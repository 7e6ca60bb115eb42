// JUnit XML: one <testsuite> per source, one <testcase> per budget and subject
// (classname = subject, name = metric). An exceeded budget is a <failure>, a
// warning passes with the message in <system-out>, an input problem is an
// <error>. Readable by Jenkins, GitLab, Azure DevOps and the test-report actions.
#include "report/render.hpp"

#include "report/describe.hpp"

#include <map>

namespace report {

namespace {

// Return the length of the UTF-8 sequence at the start of `s`, negated when XML
// 1.0 may not hold it (a surrogate, U+FFFE, U+FFFF); 0 when it is malformed.
int utf8_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(s[i])); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0u) == 0x80u; };
  const unsigned c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF && cont(1)) return 2;
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    const unsigned cp = (c & 0x0Fu) << 12 | (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu);
    if (cp < 0x800) return 0;
    return (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE ? -3 : 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    const unsigned cp = (c & 0x07u) << 18 | (b(1) & 0x3Fu) << 12;
    return cp < 0x10000 || cp > 0x10FFFF ? 0 : 4;
  }
  return 0;
}

// Escape for XML text and attributes. Control characters XML 1.0 cannot hold are
// dropped; bytes that are not UTF-8 (a file name can be anything) become U+FFFD,
// so the document always parses.
std::string xml(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;  // so "]]>" never appears either
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) break;
        if (const int n = utf8_length(text.substr(i)); n != 0) {
          const auto length = static_cast<std::size_t>(n < 0 ? -n : n);
          if (n > 0) out.append(text.substr(i, length));
          else out += "\xEF\xBF\xBD";
          i += length;
          continue;
        }
        out += "\xEF\xBF\xBD";
    }
    ++i;
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
