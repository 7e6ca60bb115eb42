// Reading JSON input files with simdjson's on-demand API, and turning simdjson's
// error codes into one-line messages that name the byte offset. Nothing here knows
// what a Lighthouse report or a stats file is.
#pragma once

#include <simdjson.h>

#include <array>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace util::json {

// A JSON file's text with the padding simdjson needs after it: read into a
// padded string, or (gunzipped data) held in an anonymous mapping that grows
// in place, so a large decompressed file never exists twice in memory.
// Move-only.
class JsonText {
public:
  JsonText() = default;
  explicit JsonText(simdjson::padded_string owned) : m_owned(std::move(owned)) {}
  JsonText(JsonText&& other) noexcept;
  JsonText& operator=(JsonText&& other) noexcept;
  JsonText(const JsonText&) = delete;
  JsonText& operator=(const JsonText&) = delete;
  ~JsonText();

  // Return an empty text in a growable buffer with room for `capacity` bytes.
  // Throws std::bad_alloc when no memory can be mapped.
  static JsonText growable(std::size_t capacity);
  // Grow the buffer to hold `capacity` bytes (contents kept); false when out of memory.
  bool reserve(std::size_t capacity);
  std::size_t capacity() const { return m_map ? m_capacity - simdjson::SIMDJSON_PADDING : m_owned.size(); }
  char* writable() { return m_map ? static_cast<char*>(m_map) : m_owned.data(); }
  void set_size(std::size_t size) { m_size = size; }

  const char* data() const { return m_map ? static_cast<const char*>(m_map) : m_owned.data(); }
  std::size_t size() const { return m_map ? m_size : m_owned.size(); }
  operator simdjson::padded_string_view() const {
    return m_map ? simdjson::padded_string_view(data(), m_size, m_size + simdjson::SIMDJSON_PADDING)
                 : simdjson::padded_string_view(m_owned);
  }

private:
  simdjson::padded_string m_owned;
  void* m_map = nullptr;
  std::size_t m_size = 0;
  std::size_t m_capacity = 0;  // bytes mapped, padding included
};

// Read `path` whole into a padded buffer for simdjson; a gzip-compressed file
// (stats.json.gz) is decompressed. Throws util::Error naming the file when it is
// missing, a directory, unreadable, empty or over the limit.
JsonText read_file(const std::string& path);

// The same, read into `buffer` (grown when the file is larger, kept otherwise) and
// returned as a view into it, valid until the buffer is read into again. A reader of a
// thousand reports keeps one buffer per thread: a fresh one per report cost a page
// fault per 4 KiB (a fifth of the time on 1,050 reports), the same read otherwise.
simdjson::padded_string_view read_file(const std::string& path, JsonText& buffer);

// Return the gunzipped content of `data` (read from `path`). Memory never goes
// past the --max-json-size limit (plus padding): the buffer grows in place.
JsonText gunzip(const std::string& path, std::string_view data);

// Refuse a SIMDJSON_FORCE_IMPLEMENTATION that names no kernel of simdjson's, or one this
// CPU cannot run (simdjson would run it and die of an illegal instruction); throws
// util::Error naming the variable. Unset, simdjson picks the widest kernel the CPU has.
void check_kernel();

// Return a parser whose nesting limit is util::limits().max_json_depth.
simdjson::ondemand::parser make_parser();

// Describe `error` in words; with `doc` and `buf`, add the byte offset reached.
std::string describe(simdjson::error_code error);
std::string describe(simdjson::error_code error, simdjson::ondemand::document& doc, std::string_view buf);

// Return `value` as a double; throws simdjson_error(INCORRECT_TYPE) on a non-number.
// Accepts numbers that are integers too large for int64 (uint64 or big).
double get_number(simdjson::ondemand::value value);

// Return `value` as an owned string, or throw simdjson_error(INCORRECT_TYPE).
std::string get_string(simdjson::ondemand::value value);

// Return a short name of `value`'s JSON type ("a string", "an object", ...).
std::string type_name(simdjson::ondemand::value value);

}  // namespace util::json

namespace util::json {

// Throw util::Error naming `name` and the key's place when an object in the JSON
// text `json` has the same key twice. JSON.parse, jq and Python keep the last,
// simdjson's DOM the first: a budget that says two things is refused instead.
// Does nothing when `json` is not valid JSON (the caller's parser says why).
void refuse_duplicate_keys(std::string_view json, const std::string& name);
// The same for a document already parsed.
void refuse_duplicate_keys(simdjson::dom::element root, const std::string& name);

}  // namespace util::json

namespace util::json {

// The keys of one object read on demand: a key seen twice throws util::Error
// (with an empty `where`, for the caller to name the file). Readers that keep the
// first or the last of two values would each disagree with some other reader.
// Keys are kept as views, so each must outlive the set: a view unescaped_key()
// returned does (the parser's string buffer holds it until the next document).
// Nothing is allocated for an object of up to 16 keys (an audit has 6 to 10); a
// larger one (a report's 150 audits) fills a hash table past the first 16.
class UniqueKeys {
public:
  explicit UniqueKeys(std::string where) : m_where(std::move(where)) {}
  void add(std::string_view key);

private:
  [[noreturn]] void duplicate(std::string_view key) const;
  void place(std::string_view key);
  std::string m_where;
  std::array<std::string_view, 16> m_first{};
  std::size_t m_count = 0;
  std::vector<std::string_view> m_table;  // past the first 16: open addressing, half full at most
};

}  // namespace util::json
