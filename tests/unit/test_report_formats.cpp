#include "report/render.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace report;

namespace {

evaluate::Verdict verdict(const std::string& subject, evaluate::Status status) {
  evaluate::Verdict v;
  v.source = "lighthouse";
  v.metric = "largest-contentful-paint";
  v.subject = subject;
  v.value = 4123.5;
  v.unit = budget::Unit::ms;
  v.limit = 2500;
  v.limit_text = "< 2.5 s";
  v.status = status;
  v.rule = "b.json: budgets.largest-contentful-paint";
  return v;
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report::github_escape") {
  SUBCASE("data: %, CR and LF, so a message stays one command") {
    CHECK(github_escape_data("50% over\r\n::error::x") == "50%25 over%0D%0A::error::x");
    CHECK(github_escape_data("a:b,c") == "a:b,c");
    CHECK(github_escape_data("%0A") == "%250A");  // an escape in the text is not decoded by the runner
  }
  SUBCASE("properties: also : and ,") {
    CHECK(github_escape_property("perfgate: a,b") == "perfgate%3A a%2Cb");
    CHECK(github_escape_property("C:\\dir\\x.json\n") == "C%3A\\dir\\x.json%0A");
  }
  SUBCASE("one annotation line per problem, whatever the subject holds") {
    evaluate::Outcome o;
    o.results = {verdict("http://x/\n::error::injected", evaluate::Status::fail),
                 verdict("http://y/", evaluate::Status::warn), verdict("http://z/", evaluate::Status::pass)};
    o.errors = {{"lighthouse", "", "reports/a,b:c.json", "runtimeError NO_FCP"}};
    const std::string out = render_github(o);
    CHECK(count(out, "\n") == 4);
    CHECK(out.find("\n::error::injected") == std::string::npos);
    CHECK(out.find("::warning title=perfgate%3A largest-contentful-paint::http://y/: 4.12 s") != std::string::npos);
    // A file name with , or : cannot end the file= property early.
    CHECK(out.find("::error file=reports/a%2Cb%3Ac.json,title=perfgate%3A could not check::") != std::string::npos);
  }
}

TEST_CASE("report::render_junit") {
  evaluate::Outcome o;
  o.results = {verdict("a<b>&\"c\"'d ]]> \x01\x1b\t\n", evaluate::Status::fail), verdict("w", evaluate::Status::warn),
               verdict("bad \xff\xfe and \xef\xbf\xbe and \xed\xa0\x80 ok \xc3\xa9", evaluate::Status::pass)};
  o.errors = {{"lighthouse", "", "x.json", "not a report"}};
  const std::string out = render_junit(o);
  SUBCASE("markup characters escaped; nothing XML 1.0 forbids") {
    CHECK(out.find("classname=\"a&lt;b&gt;&amp;&quot;c&quot;&apos;d ]]&gt; &#9;&#10;\"") != std::string::npos);
    CHECK(out.find("]]>") == std::string::npos);
    CHECK(std::none_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
  }
  SUBCASE("bytes that are not UTF-8, surrogates and U+FFFE become U+FFFD") {
    CHECK(out.find("classname=\"bad \xef\xbf\xbd\xef\xbf\xbd and \xef\xbf\xbd and \xef\xbf\xbd ok \xc3\xa9\"") !=
          std::string::npos);
  }
  SUBCASE("counts, failure, warning and error conventions") {
    CHECK(out.find("<testsuites name=\"perfgate\" tests=\"4\" failures=\"1\" errors=\"1\">") != std::string::npos);
    CHECK(out.find("<failure type=\"budget\" message=\"largest-contentful-paint on a&lt;b") != std::string::npos);
    CHECK(out.find("4.12 s, limit &lt; 2.5 s, 1.62 s over\">") != std::string::npos);
    CHECK(out.find("<system-out>warning: 4.12 s, limit &lt; 2.5 s, 1.62 s over</system-out>") != std::string::npos);
    CHECK(out.find("<error type=\"input\" message=\"x.json: not a report\"/>") != std::string::npos);
  }
}

TEST_CASE("report::render_markdown") {
  evaluate::Outcome o;
  o.budget_path = "odd`name.json";
  o.results = {verdict("http://x/a|b\\|c\n<img src=x>&amp;", evaluate::Status::fail)};
  const std::string out = render_markdown(o);
  CHECK(out.rfind("### ❌ perfgate: FAIL: 1 of 1 budgets exceeded\n", 0) == 0);
  CHECK(out.find("| http://x/a\\|b\\\\\\|c &lt;img src=x&gt;&amp;amp; |") != std::string::npos);
  CHECK(out.find("Budget: ``odd`name.json``") != std::string::npos);
  CHECK(out.find("<details><summary>All 1 budgets</summary>") != std::string::npos);
}

TEST_CASE("report::render_html") {
  evaluate::Outcome o;
  o.results = {verdict("http://x/<script>alert(1)</script>", evaluate::Status::fail)};
  o.results[0].baseline = 3000;
  const std::string out = render_html(o);
  CHECK(out.find("<script") == std::string::npos);
  CHECK(out.find("http://x/&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(out.find("<div class=\"verdict fail\" id=\"verdict\">FAIL: 1 of 1 budgets exceeded</div>") != std::string::npos);
  CHECK(out.find("<h2 id=\"baseline\">Changes since the baseline</h2>") != std::string::npos);
  CHECK(out.find("+1.12 s</td><td class=\"num\">+37.5%</td>") != std::string::npos);
  CHECK(render_html(o) == out);
}
