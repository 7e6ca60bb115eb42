#include "util/json_writer.hpp"

#include "util/strings.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace util {

void append_json_string(std::string& out, std::string_view raw) {
  static const char* hex = "0123456789abcdef";
  // A file name need not be UTF-8; JSON must be (the next run reads it back).
  const std::string text = valid_utf8(raw);
  out += '"';
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

namespace detail {

std::string shortest_by_printf(double number, bool scientific) {
  char buf[400];  // %.0f of the largest double: 309 digits
  // The fewest significant digits that read back as `number`: at each count, printf's
  // correctly rounded digits, or (where a power of two makes the rounding interval uneven,
  // so that only a neighbour reads back) the last digit one up or down.
  std::string sign = std::signbit(number) ? "-" : "";
  const double magnitude = std::fabs(number);
  std::string digits;
  int exponent = 0;
  for (int precision = 0; precision < 17 && digits.empty(); ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision, magnitude);
    std::string_view text(buf);
    const auto e = text.find('e');
    std::string mantissa;
    for (char c : text.substr(0, e)) {
      if (c != '.') mantissa += c;
    }
    const int exp10 = std::atoi(std::string(text.substr(e + 1)).c_str());
    const unsigned long long m = std::stoull(mantissa);
    for (unsigned long long candidate : {m, m + 1, m - 1}) {
      if (candidate == 0) continue;
      std::snprintf(buf, sizeof buf, "%llue%d", candidate, exp10 - precision);
      if (std::strtod(buf, nullptr) != magnitude) continue;
      digits = std::to_string(candidate);
      exponent = exp10 + static_cast<int>(digits.size()) - (precision + 1);
      while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
      break;
    }
  }
  if (digits.empty()) {  // 17 digits always read back; not reached
    std::snprintf(buf, sizeof buf, "%.16e", magnitude);
    return sign + buf;
  }
  const int count = static_cast<int>(digits.size());
  std::string sci = sign + digits.substr(0, 1);
  if (count > 1) sci += "." + digits.substr(1);
  char exp_text[16];
  std::snprintf(exp_text, sizeof exp_text, "e%c%02d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
  sci += exp_text;
  if (scientific) return sci;
  std::string fixed = sign;
  if (exponent >= count - 1) {
    // A whole number in plain form is written exactly, as printf's %.0f (to_chars does so:
    // 2^64 is "18446744073709551616"); the length is the same as the shortest digits'.
    std::snprintf(buf, sizeof buf, "%.0f", number);
    return std::string(buf).size() <= sci.size() ? std::string(buf) : sci;
  } else if (exponent >= 0) {
    const auto point = static_cast<std::size_t>(exponent + 1);
    fixed += digits.substr(0, point) + "." + digits.substr(point);
  } else {
    fixed += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  }
  return fixed.size() <= sci.size() ? fixed : sci;  // a tie goes to the plain form
}

}  // namespace detail

namespace {

// The shortest text that reads back as `number`, as std::to_chars(first, last, double[,
// scientific]) writes it. libstdc++ has that overload from GCC 11 and libc++ from LLVM 14;
// where it is missing (GCC 10: Debian 11, Ubuntu 20.04) it is detail::shortest_by_printf
// (tests/unit/test_util.cpp holds the two equal).
template <typename Double>
std::string shortest(Double number, bool scientific) {
  if constexpr (requires(char* p) { std::to_chars(p, p, number); }) {
    char buf[64];
    auto [end, ec] = scientific ? std::to_chars(buf, buf + sizeof buf, number, std::chars_format::scientific)
                                : std::to_chars(buf, buf + sizeof buf, number);
    return std::string(buf, end);
  } else {
    return detail::shortest_by_printf(number, scientific);
  }
}

}  // namespace

std::string format_number(double number) {
  if (!std::isfinite(number)) return "null";
  if (number == 0) return "0";  // also folds -0
  if (std::fabs(number) < 1e15 && number == std::trunc(number)) {
    return std::to_string(static_cast<long long>(number));
  }
  std::string text = shortest(number, false);
  // A large whole number comes out as plain digits ("123456789501234561024"): JSON, but
  // past 64 bits many readers (simdjson among them) refuse it as an integer. Written
  // with an exponent it is read as the double it is (a fuzzing finding).
  if (text.find_first_of(".eE") == std::string::npos) text = shortest(number, true);
  return text;
}

void JsonWriter::newline() {
  if (m_indent <= 0) return;
  m_out += '\n';
  m_out.append(m_stack.size() * static_cast<std::size_t>(m_indent), ' ');
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_stack.empty()) return;
  if (!m_stack.back().empty) m_out += ',';
  m_stack.back().empty = false;
  newline();
}

void JsonWriter::begin_object() {
  before_value();
  m_out += '{';
  m_stack.push_back({true, true});
}

void JsonWriter::end_object() {
  const bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out += '}';
  if (m_stack.empty() && m_indent > 0) m_out += '\n';
}

void JsonWriter::begin_array() {
  before_value();
  m_out += '[';
  m_stack.push_back({false, true});
}

void JsonWriter::end_array() {
  const bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out += ']';
  if (m_stack.empty() && m_indent > 0) m_out += '\n';
}

void JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(m_out, name);
  m_out += m_indent > 0 ? ": " : ":";
  m_after_key = true;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  append_json_string(m_out, text);
}

void JsonWriter::value(double number) {
  before_value();
  m_out += format_number(number);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  m_out += std::to_string(number);
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  m_out += std::to_string(number);
}

void JsonWriter::value(bool flag) {
  before_value();
  m_out += flag ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  m_out += "null";
}

}  // namespace util
