// Regular expressions written for JavaScript (lhci's matchingUrlPattern, a
// budget.json path), matched by PCRE2 with bounded work: a pattern that would
// backtrack for ever on a long URL gives up with an error instead of hanging or
// overflowing the stack, as std::regex did.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace util {

class Regex {
public:
  enum class Match { no, yes, gave_up };

  // Compile `pattern` (JavaScript syntax: lookahead, \uXXXX, $ at the end only).
  // Throws util::Error naming `where` when it does not compile.
  Regex(const std::string& pattern, const std::string& where);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Return whether the pattern is found anywhere in `subject` (JavaScript's
  // RegExp.test), or gave_up when the match limit was reached.
  Match search(std::string_view subject) const;

  const std::string& pattern() const { return m_pattern; }

private:
  std::string m_pattern;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace util
