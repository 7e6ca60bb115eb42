// The glob matcher against an independent reading of the same rules: the
// pattern translated to a regular expression and matched by PCRE2. Input: a
// pattern and a path over a small alphabet (so that stars, classes and slashes
// meet often), split at the first byte >= 0xF0. Any disagreement aborts.
#include "targets.hpp"
#include "util/glob.hpp"
#include "util/regex.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr char k_alphabet[] = "ab/*?[]!^-.";

std::string hex(char c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
  return buf;
}

// The rules of util/glob.hpp, written as a regex: `*` and `?` stop at '/', `**` as a
// whole segment crosses it (`**/` may match no folder; elsewhere `**` is `*`), no
// wildcard matches a '.' that starts a segment, `[...]` with ! or ^ negation,
// ranges, ']' first taken literally, an unclosed '[' literal.
std::string to_regex(const std::string& glob) {
  const std::string no_dot = "(?!(?<![^/])\\.)";  // not at a segment's leading '.'
  std::string re = "^";
  for (std::size_t i = 0; i < glob.size();) {
    const char c = glob[i];
    if (c == '*') {
      std::size_t end = i;
      while (end < glob.size() && glob[end] == '*') ++end;
      const bool whole = (i == 0 || glob[i - 1] == '/') && (end == glob.size() || glob[end] == '/');
      if (end - i >= 2 && whole) {
        if (end < glob.size()) {
          re += "(?:(?!\\.)[^/]*/)*";  // "**/": any run of non-dot folders, or none
          i = end + 1;
        } else {
          re += "(?:(?!\\.)[^/]*(?:/(?!\\.)[^/]*)*)?";
          i = end;
        }
      } else {
        re += no_dot + "[^/]*";
        i = end;
      }
    } else if (c == '?') {
      re += no_dot + "[^/]";
      ++i;
    } else if (c == '[') {
      std::size_t j = i + 1;
      bool negate = false;
      if (j < glob.size() && (glob[j] == '!' || glob[j] == '^')) {
        negate = true;
        ++j;
      }
      std::string alternatives;
      bool first = true;
      for (; j < glob.size() && (first || glob[j] != ']'); ++j) {
        first = false;
        std::string item;
        if (j + 2 < glob.size() && glob[j + 1] == '-' && glob[j + 2] != ']') {
          if (glob[j] <= glob[j + 2]) item = "[" + hex(glob[j]) + "-" + hex(glob[j + 2]) + "]";
          j += 2;
        } else {
          item = hex(glob[j]);
        }
        if (!item.empty()) alternatives += (alternatives.empty() ? "" : "|") + item;
      }
      if (j >= glob.size()) {  // unclosed: a literal '['
        re += hex('[');
        ++i;
        continue;
      }
      const std::string any = alternatives.empty() ? "(?!)" : "(?:" + alternatives + ")";
      re += no_dot + (negate ? "(?!" + any + ")[\\s\\S]" : any);
      i = j + 1;
    } else {
      re += hex(c);
      ++i;
    }
  }
  return re + "$";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64) return 0;
  std::string pattern, text;
  bool in_text = false;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] >= 0xF0 && !in_text) {
      in_text = true;
      continue;
    }
    // Bytes of the alphabet stand for themselves (so seeds read as written); others map into it.
    const char c = static_cast<char>(data[i]);
    const bool literal = c != 0 && std::string_view(k_alphabet).find(c) != std::string_view::npos;
    (in_text ? text : pattern) += literal ? c : k_alphabet[data[i] % (sizeof k_alphabet - 1)];
  }
  const bool ours = util::glob_match(pattern, text);
  const util::Regex reference(to_regex(pattern), "glob reference");
  auto theirs = reference.search(text);
  if (theirs == util::Regex::Match::gave_up) return 0;
  if (pattern == text) theirs = util::Regex::Match::yes;  // a pattern equal to the text matches it
  if (ours != (theirs == util::Regex::Match::yes)) {
    std::fprintf(stderr, "glob \"%s\" on \"%s\": perfgate %d, reference %d (regex %s)\n", pattern.c_str(), text.c_str(),
                 ours, theirs == util::Regex::Match::yes, to_regex(pattern).c_str());
    std::abort();
  }
  return 0;
}
