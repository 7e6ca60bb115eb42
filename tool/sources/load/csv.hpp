// CSV as the load tools write it (Locust's stats, JMeter's JTL): RFC 4180 — quoted
// fields with "" for a quote, commas and line breaks inside quotes, CRLF or LF. Written
// here rather than taken from Debian's libcsv: that library's last release is from 2013,
// and its callbacks know no line numbers, which every error here names. Fuzzed
// (tests/fuzz/fuzz_load.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sources::load {

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  // the line each row starts on (1-based; the header is line 1)
  int column(std::string_view name) const;
};

// Parse `text`. Throws Bad (run.hpp) naming the line of a quote left open at the end
// of the file, or of a quote inside an unquoted field.
Csv parse_csv(std::string_view text);

}  // namespace sources::load
