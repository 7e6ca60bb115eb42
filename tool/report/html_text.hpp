// Text and numbers as the HTML reports write them (html.cpp, load_charts.cpp): escaped for
// element content and attribute values, coordinates with one decimal.
#pragma once

#include <string>
#include <string_view>

namespace report {

// `text` with & < > " ' escaped: safe in element content and in a quoted attribute.
std::string html_escape(std::string_view text);

// `v` with one decimal ("12.5"): SVG coordinates, the same bytes for the same input.
std::string one_decimal(double v);

}  // namespace report
