// Small string helpers: edit distance for "did you mean", trimming, joining.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// Return the Levenshtein distance between `a` and `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Return the candidate closest to `word` if it is close enough to be a likely
// typo, else an empty string.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Return ` (did you mean "x"?)` for a close candidate, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Return `text` without leading and trailing blanks.
std::string_view trim(std::string_view text);

// Return `parts` joined with `sep`.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Return whether `text` starts with / ends with `affix`.
bool starts_with(std::string_view text, std::string_view affix);
bool ends_with(std::string_view text, std::string_view affix);

}  // namespace util

namespace util {

// Return `text` safe to print as part of one line of human-readable output: C0
// and C1 control characters, DEL, U+2028/U+2029 and bytes that are not UTF-8
// become visible escapes ("\n", "\x1b", "\u0085"), so a name can never start a
// new line (an Actions workflow command) or move the cursor.
std::string printable(std::string_view text);

// Return `text` as valid UTF-8: each byte that does not start a well-formed
// sequence becomes U+FFFD, as a browser and Python's "replace" decode it.
std::string valid_utf8(std::string_view text);

// Return `text` with credentials in every URL it contains hidden: the user
// information (user:password@) and the values of query parameters whose name
// says they are secret (token, key, secret, password, auth, signature, ...).
std::string redact_secrets(std::string_view text);

}  // namespace util

namespace util {

// Return `text` for one line of standard error: secrets redacted, printable.
inline std::string safe_line(std::string_view text) { return printable(redact_secrets(text)); }

}  // namespace util

namespace util {

// Return `text` (several lines) with every line that would start a GitHub
// Actions workflow command ("::error::", "::add-mask::", also after blanks)
// made inert: its first ':' is shown as "\x3a". For every human-readable output
// but the github format, whose commands are meant.
std::string defuse_workflow_commands(std::string_view text);

}  // namespace util

#include <charconv>

namespace util {

// std::from_chars for a double, as the standard defines it (no leading '+' or space,
// "inf"/"nan" accepted, the longest match consumed, the C locale). libstdc++ 11+ has it;
// libc++ before 17 does not, and there it is done with strtod_l in the C locale.
std::from_chars_result parse_double(const char* first, const char* last, double& value);

}  // namespace util
