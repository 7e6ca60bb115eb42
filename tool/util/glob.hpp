// Glob patterns: matching names against `*`, `?`, `**` and `[...]`, and expanding
// a pattern over the file system into a sorted list of paths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// Return whether `text` matches `pattern`, as picomatch and fast-glob (the peers'
// glob libraries) read it: `*` and `?` do not cross `/`; `**` as a whole segment
// crosses any number of folders (`**/` also matches none), elsewhere it is `*`;
// `[...]` classes (`[!...]`/`[^...]` negated); `{a,b}` alternatives (nested too);
// `\x` is x itself; a wildcard never matches a leading '.' of a segment (dotfiles
// need the dot written); a pattern equal to the text matches it.
bool glob_match(std::string_view pattern, std::string_view text);

// Return the plain patterns a pattern's braces stand for ("a.{js,css}" ->
// "a.js", "a.css"), at most 256; a pattern without braces is returned as is.
std::vector<std::string> expand_braces(std::string_view pattern);
// Return whether `pattern` has any glob character.
bool has_glob_chars(std::string_view pattern);

// Expand `pattern` over the file system: regular files only, sorted. A pattern
// with no glob characters is returned as is (existence is checked by the caller).
std::vector<std::string> expand_glob(const std::string& pattern);

}  // namespace util
