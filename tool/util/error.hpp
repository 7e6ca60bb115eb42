// The one error type that reaches the user: a file (or other subject) and what is
// wrong with it. Thrown anywhere, caught once in cli::run and printed as
// `perfgate: error: <where>: <what>` with exit status 2.
#pragma once

#include <stdexcept>
#include <string>

namespace util {

class Error : public std::runtime_error {
public:
  // `where` names the file, URL or option; `what` says what is wrong (and what to do).
  Error(std::string where, const std::string& what)
    : std::runtime_error(what), m_where(std::move(where)) {}

  const std::string& where() const { return m_where; }

  // Return the one-line message, `<where>: <what>` (or just `<what>`).
  std::string message() const {
    return m_where.empty() ? std::string(what()) : m_where + ": " + what();
  }

private:
  std::string m_where;
};

}  // namespace util
