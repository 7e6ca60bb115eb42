// A small streaming JSON writer with stable, pretty output: the same calls give
// the same bytes. Numbers use the shortest form that reads back exactly;
// non-finite numbers are written as null (JSON has no NaN).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace util {

class JsonWriter {
public:
  // Write into `out`; `indent` spaces per level, 0 for one line.
  explicit JsonWriter(std::string& out, int indent = 2) : m_out(out), m_indent(indent) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(double number);
  void value(std::int64_t number);
  void value(std::uint64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(bool flag);
  void null();

  // Write `name` and then `v`.
  template <class T> void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

private:
  void before_value();
  void newline();

  std::string& m_out;
  int m_indent;
  struct Level {
    bool object;
    bool empty;
  };
  std::vector<Level> m_stack;
  bool m_after_key = false;
};

// Append `text` to `out` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view text);

// Return `number` in the shortest decimal form that reads back exactly
// ("2500", "0.1", "651.768"); integers print without a fraction.
std::string format_number(double number);

namespace detail {
// std::to_chars(double) (shortest, or scientific) done with printf and strtod, for a C++
// library without it (GCC 10's libstdc++: Debian 11, Ubuntu 20.04).
std::string shortest_by_printf(double number, bool scientific);
}  // namespace detail

}  // namespace util
