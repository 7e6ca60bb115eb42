#include "util/regex.hpp"

#include "util/error.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace util {

namespace {

// Work bounds per match: enough for any sane URL pattern, small enough that a
// catastrophic one stops within milliseconds.
constexpr uint32_t k_match_limit = 1'000'000;
constexpr uint32_t k_depth_limit = 10'000;
constexpr uint32_t k_heap_limit_kib = 64 * 1024;

}  // namespace

struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Impl() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Regex::Regex(const std::string& pattern, const std::string& where) : m_pattern(pattern), m_impl(std::make_unique<Impl>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  // JavaScript's meaning where PCRE's differs: \u and \x escapes, "$" only at the
  // very end, an unset back-reference matching the empty string.
  const uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY |
                           PCRE2_MATCH_UNSET_BACKREF;
  m_impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error, &offset,
                               nullptr);
  if (!m_impl->code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw Error(where, "\"" + pattern + "\" is not a regular expression: " +
                           reinterpret_cast<const char*>(message) + " at offset " + std::to_string(offset));
  }
  m_impl->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(m_impl->context, k_match_limit);
  pcre2_set_depth_limit(m_impl->context, k_depth_limit);
  pcre2_set_heap_limit(m_impl->context, k_heap_limit_kib);
}

Regex::~Regex() = default;

Regex::Match Regex::search(std::string_view subject) const {
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(m_impl->code, nullptr);
  const int rc = pcre2_match(m_impl->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, data,
                             m_impl->context);
  pcre2_match_data_free(data);
  if (rc >= 0) return Match::yes;
  if (rc == PCRE2_ERROR_NOMATCH) return Match::no;
  return Match::gave_up;
}

}  // namespace util
