// Glob patterns: matching names against `*`, `?`, `**` and `[...]`, and expanding
// a pattern over the file system into a sorted list of paths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// Return whether `text` matches `pattern`. `*` and `?` do not cross `/`;
// `**` crosses any number of directories (`**/` also matches none).
bool glob_match(std::string_view pattern, std::string_view text);

// Return whether `pattern` has any glob character.
bool has_glob_chars(std::string_view pattern);

// Expand `pattern` over the file system: regular files only, sorted. A pattern
// with no glob characters is returned as is (existence is checked by the caller).
std::vector<std::string> expand_glob(const std::string& pattern);

}  // namespace util
