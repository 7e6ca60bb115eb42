#include "util/json_writer.hpp"

#include "util/strings.hpp"

#include <charconv>
#include <cmath>

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

std::string format_number(double number) {
  if (!std::isfinite(number)) return "null";
  if (number == 0) return "0";  // also folds -0
  if (std::fabs(number) < 1e15 && number == std::trunc(number)) {
    return std::to_string(static_cast<long long>(number));
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
  std::string text(buf, end);
  // A large whole number comes out as plain digits ("123456789501234561024"): JSON, but
  // past 64 bits many readers (simdjson among them) refuse it as an integer. Written
  // with an exponent it is read as the double it is (a fuzzing finding).
  if (text.find_first_of(".eE") == std::string::npos) {
    auto [end2, ec2] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::scientific);
    text.assign(buf, end2);
  }
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
