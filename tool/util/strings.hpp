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
