// What the output streams are attached to: colour only on a terminal, never
// when NO_COLOR is set (https://no-color.org) or TERM is "dumb".
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace util {

enum class ColorMode { automatic, always, never };

// Return whether `stream` is a terminal.
bool is_terminal(std::FILE* stream);

// Decide whether to colour output written to `stream` under `mode`.
bool use_color(std::FILE* stream, ColorMode mode);

// ANSI styling that collapses to nothing when colour is off.
class Style {
public:
  explicit Style(bool enabled) : m_enabled(enabled) {}
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  bool enabled() const { return m_enabled; }

private:
  std::string wrap(std::string_view code, std::string_view s) const;
  bool m_enabled;
};

}  // namespace util
