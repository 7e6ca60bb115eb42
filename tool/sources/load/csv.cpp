#include "sources/load/csv.hpp"

#include "sources/load/run.hpp"

namespace sources::load {

int Csv::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// Split one record starting at `at`; advance `at` past it and count the line breaks.
std::vector<std::string> record(std::string_view text, std::size_t& at, std::size_t& line) {
  const std::size_t first_line = line;
  std::vector<std::string> fields(1);
  bool quoted = false, was_quoted = false;
  while (at < text.size()) {
    const char c = text[at++];
    if (quoted) {
      if (c == '"' && at < text.size() && text[at] == '"') {
        fields.back() += '"';
        ++at;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        fields.back() += c;
      }
    } else if (c == '"') {
      // A quote opens a field only at its start ("a"b is not CSV).
      if (!fields.back().empty() || was_quoted) {
        throw Bad("line " + std::to_string(line) + ": a quote inside an unquoted field (not CSV)");
      }
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
      was_quoted = false;
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      if (was_quoted) throw Bad("line " + std::to_string(line) + ": text after a quoted field's closing quote");
      fields.back() += c;
    }
  }
  if (quoted) throw Bad("line " + std::to_string(first_line) + ": a quoted field is not closed (a truncated file?)");
  return fields;
}

}  // namespace

Csv parse_csv(std::string_view text) {
  Csv csv;
  std::size_t at = 0, line = 1;
  csv.header = record(text, at, line);
  while (at < text.size()) {
    const std::size_t starts = line;
    auto row = record(text, at, line);
    if (row.size() == 1 && row[0].empty()) continue;
    csv.rows.push_back(std::move(row));
    csv.lines.push_back(starts);
  }
  return csv;
}

}  // namespace sources::load
