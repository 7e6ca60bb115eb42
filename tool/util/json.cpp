#include "util/json.hpp"

#include "util/error.hpp"
#include "util/limits.hpp"

// On-demand API as in simdjson 2.x and 3.x (Debian 12: 3.0.1); 1.x lacks parts of it.
static_assert(simdjson::SIMDJSON_VERSION_MAJOR >= 2, "perfgate needs simdjson 2.0 or newer");

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace util::json {

JsonText::JsonText(JsonText&& other) noexcept
  : m_owned(std::move(other.m_owned)), m_map(other.m_map), m_size(other.m_size), m_capacity(other.m_capacity) {
  other.m_map = nullptr;
}

JsonText& JsonText::operator=(JsonText&& other) noexcept {
  if (this != &other) {
    if (m_map) ::munmap(m_map, m_capacity);
    m_owned = std::move(other.m_owned);
    m_map = other.m_map;
    m_size = other.m_size;
    m_capacity = other.m_capacity;
    other.m_map = nullptr;
  }
  return *this;
}

JsonText::~JsonText() {
  if (m_map) ::munmap(m_map, m_capacity);
}

JsonText JsonText::growable(std::size_t capacity) {
  JsonText text;
  const std::size_t bytes = capacity + simdjson::SIMDJSON_PADDING;
  void* region = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) throw std::bad_alloc();
  text.m_map = region;
  text.m_capacity = bytes;
  return text;
}

bool JsonText::reserve(std::size_t capacity) {
  if (!m_map) return false;
  const std::size_t bytes = capacity + simdjson::SIMDJSON_PADDING;
  if (bytes <= m_capacity) return true;
  // mremap moves pages, never copies them: the old and new buffer never coexist.
  void* region = ::mremap(m_map, m_capacity, bytes, MREMAP_MAYMOVE);
  if (region == MAP_FAILED) return false;
  m_map = region;
  m_capacity = bytes;
  return true;
}

namespace {

// Editors on Windows start files with a UTF-8 byte-order mark; JSON parsers may ignore it.
JsonText without_bom(JsonText text) {
  if (text.size() >= 3 && std::string_view(text.data(), 3) == "\xef\xbb\xbf") {
    return JsonText(simdjson::padded_string(text.data() + 3, text.size() - 3));
  }
  return text;
}

JsonText read_any(const std::string& path);
int open_json(const std::string& path, std::size_t& size);
std::size_t read_whole(const std::string& path, int fd, char* to, std::size_t size);
bool is_gzip(const char* data, std::size_t size);

}  // namespace

JsonText read_file(const std::string& path) {
  return without_bom(read_any(path));
}

simdjson::padded_string_view read_file(const std::string& path, JsonText& buffer) {
  std::size_t size = 0;
  const int fd = open_json(path, size);
  try {
    // A mapping with room for this file: the one of the last file, grown if need be.
    if (!buffer.reserve(size)) buffer = JsonText::growable(size);
  } catch (...) {
    ::close(fd);
    throw;
  }
  const std::size_t got = read_whole(path, fd, buffer.writable(), size);
  buffer.set_size(got);
  if (is_gzip(buffer.data(), got)) buffer = gunzip(path, std::string_view(buffer.data(), got));
  const std::size_t room = buffer.capacity() + simdjson::SIMDJSON_PADDING;
  const std::size_t bom = buffer.size() >= 3 && std::string_view(buffer.data(), 3) == "\xef\xbb\xbf" ? 3 : 0;
  return simdjson::padded_string_view(buffer.data() + bom, buffer.size() - bom, room - bom);
}

namespace {

// Open the regular file `path` for reading, refusing it before reading when it is
// not a regular file, empty or over the limit; set `size` to its size. The file is
// read, not mapped: a build that rewrites its stats while perfgate runs (watch mode)
// cannot pull pages out from under the parser, and a file that grows while read is
// cut at the size stat gave (its tail is a JSON error, never a crash).
int open_json(const std::string& path, std::size_t& size) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw Error(path, errno == ENOENT ? "no such file" : std::string("cannot read the file (") + std::strerror(errno) + ")");
  }
  if (S_ISDIR(st.st_mode)) throw Error(path, "is a directory, not a JSON file");
  if (!S_ISREG(st.st_mode)) {
    // A FIFO would block until a writer comes, /dev/zero never ends: refused unopened.
    throw Error(path, "is not a regular file (a pipe, socket or device); give a JSON file");
  }
  const auto bytes = static_cast<std::uint64_t>(st.st_size);
  if (bytes > limits().max_json_bytes) {
    throw Error(path, "is " + std::to_string(bytes) + " bytes, over the limit of " +
                          std::to_string(limits().max_json_bytes) + " (raise it with --max-json-size)");
  }
  if (bytes == 0) throw Error(path, "is empty; expected a JSON document");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw Error(path, std::string("cannot open the file (") + std::strerror(errno) + ")");
  size = static_cast<std::size_t>(bytes);
  return fd;
}

// Read up to `size` bytes of `fd` into `to`, close it, and return how many came.
std::size_t read_whole(const std::string& path, int fd, char* to, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, to + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      throw Error(path, std::string("cannot read the file (") + std::strerror(saved) + ")");
    }
    if (n == 0) break;  // shrank while read
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got == 0) throw Error(path, "is empty; expected a JSON document");
  return got;
}

bool is_gzip(const char* data, std::size_t size) {
  return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

JsonText read_any(const std::string& path) {
  std::size_t size = 0;
  const int fd = open_json(path, size);
  simdjson::padded_string content(size);
  const std::size_t got = read_whole(path, fd, content.data(), size);
  if (is_gzip(content.data(), got)) return gunzip(path, std::string_view(content.data(), got));
  if (got < size) return JsonText(simdjson::padded_string(content.data(), got));
  return JsonText(std::move(content));
}

}  // namespace

JsonText gunzip(const std::string& path, std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) throw Error(path, "cannot start gzip decompression");
  // Grown in place, never past the limit: a 4 MB gzip bomb must not allocate
  // gigabytes before the limit is noticed.
  const std::uint64_t limit = limits().max_json_bytes;
  JsonText out = JsonText::growable(static_cast<std::size_t>(
      std::min<std::uint64_t>(limit, std::max<std::uint64_t>(std::uint64_t{data.size()} * 4, 1 << 16))));
  std::size_t used = 0;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), UINT32_MAX));
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (used == out.capacity()) {
      if (used >= limit) {
        inflateEnd(&stream);
        throw Error(path, "decompresses to more than " + std::to_string(limit) +
                              " bytes (raise the limit with --max-json-size)");
      }
      if (!out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(limit, std::uint64_t{used} * 2)))) {
        inflateEnd(&stream);
        throw std::bad_alloc();
      }
    }
    stream.next_out = reinterpret_cast<Bytef*>(out.writable() + used);
    stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out.capacity() - used, UINT32_MAX));
    const uInt before = stream.avail_out;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && stream.avail_in > 0)) {
      inflateEnd(&stream);
      throw Error(path, "is gzip-compressed but corrupt or truncated (zlib: " +
                            std::string(stream.msg ? stream.msg : "error " + std::to_string(status)) + ")");
    }
    used += before - stream.avail_out;
    if (status != Z_STREAM_END && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      throw Error(path, "is gzip-compressed but truncated");
    }
  }
  inflateEnd(&stream);
  if (used == 0) throw Error(path, "is empty once decompressed; expected a JSON document");
  out.set_size(used);
  return out;
}

void check_kernel() {
  const char* forced = std::getenv("SIMDJSON_FORCE_IMPLEMENTATION");
  if (!forced) return;
  std::string names;
  const simdjson::implementation* chosen = nullptr;
  for (const simdjson::implementation* k : simdjson::get_available_implementations()) {
    names += (names.empty() ? "" : ", ") + k->name();
    if (k->name() == forced) chosen = k;
  }
  const std::string where = std::string("SIMDJSON_FORCE_IMPLEMENTATION=") + forced;
  if (!chosen) throw Error(where, "simdjson has no such kernel (it has " + names + "); unset it to let simdjson choose");
  if (!chosen->supported_by_runtime_system()) {
    throw Error(where, "this CPU cannot run that kernel (" + chosen->description() + "); unset it to let simdjson choose");
  }
}

simdjson::ondemand::parser make_parser() {
  simdjson::ondemand::parser parser;
  // The depth limit set here is kept when iterate() grows the buffers.
  if (parser.allocate(simdjson::SIMDJSON_PADDING, limits().max_json_depth)) throw std::bad_alloc();
  return parser;
}

std::string describe(simdjson::error_code error) {
  using namespace simdjson;
  switch (error) {
    case EMPTY: return "no JSON value in the file";
    case TAPE_ERROR: return "malformed JSON (truncated, unbalanced, or content after the end)";
    case INCOMPLETE_ARRAY_OR_OBJECT:
      return "truncated or unbalanced JSON (brackets do not match, or content follows the end)";
    case UNCLOSED_STRING: return "a string is not closed (truncated JSON?)";
    case UTF8_ERROR: return "not valid UTF-8";
    case DEPTH_ERROR:
      return "JSON nested deeper than " + std::to_string(limits().max_json_depth) + " levels";
    case NUMBER_ERROR: return "a number is malformed or out of range (NaN, 1e400)";
    case NUMBER_OUT_OF_RANGE: return "a number is out of range";
    case T_ATOM_ERROR:
    case F_ATOM_ERROR:
    case N_ATOM_ERROR: return "invalid JSON literal (expected true, false or null)";
    case STRING_ERROR: return "a string has an invalid escape or control character";
    case UNESCAPED_CHARS: return "a string contains an unescaped control character";
    case INCORRECT_TYPE: return "a value has the wrong type (e.g. a string where a number belongs)";
    case NO_SUCH_FIELD: return "a required field is missing";
    case CAPACITY: return "the document is too large to parse";
    case MEMALLOC: return "out of memory";
    case IO_ERROR: return "read error";
    case TRAILING_CONTENT: return "unexpected content after the JSON value";
    default: return error_message(error);
  }
}

std::string describe(simdjson::error_code error, simdjson::ondemand::document& doc, std::string_view buf) {
  std::string text = describe(error);
  auto location = doc.current_location();
  if (!location.error()) {
    const char* at = location.value_unsafe();
    if (at >= buf.data() && at <= buf.data() + buf.size()) {
      text += " at byte " + std::to_string(at - buf.data());
    }
  }
  return text;
}

double get_number(simdjson::ondemand::value value) {
  simdjson::ondemand::json_type type;
  if (!value.type().get(type) && type != simdjson::ondemand::json_type::number) {
    throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
  }
  simdjson::ondemand::number number;
  auto error = value.get_number().get(number);
  if (error) throw simdjson::simdjson_error(error);
  return number.as_double();
}

std::string get_string(simdjson::ondemand::value value) {
  std::string_view sv = value.get_string();
  return std::string(sv);
}

std::string type_name(simdjson::ondemand::value value) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return "an invalid value";
  switch (type) {
    case simdjson::ondemand::json_type::array: return "an array";
    case simdjson::ondemand::json_type::object: return "an object";
    case simdjson::ondemand::json_type::number: return "a number";
    case simdjson::ondemand::json_type::string: return "a string";
    case simdjson::ondemand::json_type::boolean: return "a boolean";
    case simdjson::ondemand::json_type::null: return "null";
  }
  return "an invalid value";
}

}  // namespace util::json

namespace util::json {

namespace {

void check_element(simdjson::dom::element e, const std::string& where, const std::string& name) {
  if (e.is_array()) {
    std::size_t i = 0;
    const simdjson::dom::array items = e.get_array().value_unsafe();
    for (auto item : items) check_element(item, where + "[" + std::to_string(i++) + "]", name);
    return;
  }
  if (!e.is_object()) return;
  const simdjson::dom::object object = e.get_object().value_unsafe();
  std::vector<std::string_view> keys;
  for (auto field : object) keys.push_back(field.key);
  std::vector<std::string_view> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
  if (dup != sorted.end()) {
    throw Error(name, "duplicate key \"" + std::string(*dup) + "\" in " + (where.empty() ? "the top-level object" : where) +
                          " (JSON readers disagree on which one counts; keep one)");
  }
  for (auto field : object) {
    check_element(field.value, where.empty() ? std::string(field.key) : where + "." + std::string(field.key), name);
  }
}

}  // namespace

void refuse_duplicate_keys(simdjson::dom::element root, const std::string& name) { check_element(root, "", name); }

void refuse_duplicate_keys(std::string_view json, const std::string& name) {
  simdjson::dom::parser parser;
  if (parser.allocate(std::max<std::size_t>(json.size(), 64), limits().max_json_depth)) return;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root)) return;
  check_element(root, "", name);
}

}  // namespace util::json

namespace util::json {

void UniqueKeys::add(std::string_view key) {
  const auto first = m_first.begin(), end = first + static_cast<std::ptrdiff_t>(std::min(m_count, m_first.size()));
  if (std::find(first, end, key) != end) duplicate(key);
  if (m_count < m_first.size()) {
    m_first[m_count++] = key;
    return;
  }
  if (2 * (m_count + 1 - m_first.size()) > m_table.size()) {
    // Grow: 64 slots, then doubled, every key past the first 16 placed again.
    std::vector<std::string_view> old = std::move(m_table);
    m_table.assign(std::max<std::size_t>(64, 2 * old.size()), std::string_view());
    for (std::string_view k : old) {
      if (k.data()) place(k);
    }
  }
  place(key);
  ++m_count;
}

void UniqueKeys::place(std::string_view key) {
  const std::size_t mask = m_table.size() - 1;
  for (std::size_t i = std::hash<std::string_view>{}(key) & mask;; i = (i + 1) & mask) {
    if (!m_table[i].data()) {
      m_table[i] = key.data() ? key : std::string_view("", 0);
      return;
    }
    if (m_table[i] == key) duplicate(key);
  }
}

void UniqueKeys::duplicate(std::string_view key) const {
  throw Error("", "duplicate key \"" + std::string(key) + "\" in " + m_where +
                      " (JSON readers disagree on which one counts; keep one)");
}

}  // namespace util::json
