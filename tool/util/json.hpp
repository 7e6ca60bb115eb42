// Reading JSON input files with simdjson's on-demand API, and turning simdjson's
// error codes into one-line messages that name the byte offset. Nothing here knows
// what a Lighthouse report or a stats file is.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace util::json {

// Read `path` whole into a padded buffer for simdjson; a gzip-compressed file
// (stats.json.gz) is decompressed. Throws util::Error naming the file when it is
// missing, a directory, unreadable, empty or over the limit.
simdjson::padded_string read_file(const std::string& path);

// Return the gunzipped content of `data` (read from `path`) in a padded buffer.
simdjson::padded_string gunzip(const std::string& path, std::string_view data);

// Return a parser whose nesting limit is util::limits().max_json_depth.
simdjson::ondemand::parser make_parser();

// Describe `error` in words; with `doc` and `buf`, add the byte offset reached.
std::string describe(simdjson::error_code error);
std::string describe(simdjson::error_code error, simdjson::ondemand::document& doc,
                     const simdjson::padded_string& buf);

// Return `value` as a double; throws simdjson_error(INCORRECT_TYPE) on a non-number.
// Accepts numbers that are integers too large for int64 (uint64 or big).
double get_number(simdjson::ondemand::value value);

// Return `value` as an owned string, or throw simdjson_error(INCORRECT_TYPE).
std::string get_string(simdjson::ondemand::value value);

// Return a short name of `value`'s JSON type ("a string", "an object", ...).
std::string type_name(simdjson::ondemand::value value);

}  // namespace util::json
