#include "util/glob.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace util {

namespace {

// Match a `[...]` class at pattern[p] against `c`; set `next` past the `]`.
bool match_class(std::string_view pattern, std::size_t p, char c, std::size_t& next) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  for (; i < pattern.size() && (first || pattern[i] != ']'); ++i) {
    first = false;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      if (pattern[i] <= c && c <= pattern[i + 2]) matched = true;
      i += 2;
    } else if (pattern[i] == c) {
      matched = true;
    }
  }
  if (i >= pattern.size()) {  // no closing bracket: treat '[' literally
    next = p + 1;
    return c == '[';
  }
  next = i + 1;
  return matched != negate;
}

// Match pattern[p..] against text[t..]. Each (p, t) state is decided once and
// failures are remembered, so `*`-heavy patterns cost O(pattern x text) instead
// of exponential backtracking (a fuzzing finding: "*a*a*a*a*a*a*a*a" hung).
class Matcher {
public:
  Matcher(std::string_view pattern, std::string_view text)
    : m_pattern(pattern), m_text(text), m_failed((pattern.size() + 1) * (text.size() + 1), false) {}

  bool match(std::size_t p, std::size_t t) {
    const std::size_t state = p * (m_text.size() + 1) + t;
    if (m_failed[state]) return false;
    const bool ok = step(p, t);
    if (!ok) m_failed[state] = true;
    return ok;
  }

private:
  // Whether text[t] starts a path segment with a dot: only a literal '.' in the
  // pattern matches it, never a wildcard (picomatch's and fast-glob's default).
  bool dot_segment(std::size_t t) const {
    return t < m_text.size() && m_text[t] == '.' && (t == 0 || m_text[t - 1] == '/');
  }

  bool step(std::size_t p, std::size_t t) {
    const std::string_view pattern = m_pattern, text = m_text;
    // Literals, '?', classes and escapes are consumed in a loop; only stars recurse,
    // so the depth is bounded by the number of stars, not by the text's length.
    while (p < pattern.size() && pattern[p] != '*') {
      if (t >= text.size()) return false;
      const char pc = pattern[p];
      if (pc == '\\' && p + 1 < pattern.size()) {  // "\[": the next character as itself
        if (pattern[p + 1] != text[t]) return false;
        p += 2;
      } else if (pc == '?') {
        if (text[t] == '/' || dot_segment(t)) return false;
        ++p;
      } else if (pc == '[') {
        std::size_t next = 0;
        if (dot_segment(t) || !match_class(pattern, p, text[t], next)) return false;
        p = next;
      } else {
        if (pc != text[t]) return false;
        ++p;
      }
      ++t;
    }
    if (p == pattern.size()) return t == text.size();
    std::size_t rest = p;
    while (rest < pattern.size() && pattern[rest] == '*') ++rest;
    // "**" crosses folders only as a whole segment ("a/**/b", "**/x", "a/**");
    // elsewhere ("a**b") it is one star, as in picomatch.
    const bool whole_segment = (p == 0 || pattern[p - 1] == '/') && (rest == pattern.size() || pattern[rest] == '/');
    if (rest - p >= 2 && whole_segment) {
      // "**/" may match zero folders.
      if (rest < pattern.size() && match(rest + 1, t)) return true;
      for (std::size_t k = t; k <= text.size(); ++k) {
        if (k > t && dot_segment(k - 1)) break;  // never into a folder or file named ".x"
        if (match(rest, k)) return true;
      }
      return false;
    }
    if (dot_segment(t)) return false;  // "*.js" does not match ".hidden.js"
    for (std::size_t k = t; k <= text.size(); ++k) {
      if (match(rest, k)) return true;
      if (k < text.size() && text[k] == '/') break;
    }
    return false;
  }

  std::string_view m_pattern, m_text;
  std::vector<bool> m_failed;
};

// Find the first "{...}" holding a top-level ',' in `pattern`: its '{' and '}'.
bool find_brace(std::string_view pattern, std::size_t& open, std::size_t& close) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') continue;
    int depth = 0;
    bool comma = false;
    for (std::size_t j = i; j < pattern.size(); ++j) {
      if (pattern[j] == '{') ++depth;
      else if (pattern[j] == '}' && --depth == 0) {
        if (comma) {
          open = i;
          close = j;
          return true;
        }
        break;
      } else if (pattern[j] == ',' && depth == 1) {
        comma = true;
      }
    }
  }
  return false;
}

void expand_into(const std::string& pattern, std::vector<std::string>& out, std::size_t limit) {
  std::size_t open = 0, close = 0;
  if (!find_brace(pattern, open, close)) {
    if (out.size() < limit) out.push_back(pattern);
    return;
  }
  const std::string head = pattern.substr(0, open), tail = pattern.substr(close + 1);
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t j = open + 1; j <= close && out.size() < limit; ++j) {
    if (pattern[j] == '{') ++depth;
    else if (pattern[j] == '}' && j < close) --depth;
    if ((pattern[j] == ',' && depth == 0) || j == close) {
      expand_into(head + pattern.substr(start, j - start) + tail, out, limit);
      start = j + 1;
    }
  }
}

}  // namespace

std::vector<std::string> expand_braces(std::string_view pattern) {
  std::vector<std::string> out;
  expand_into(std::string(pattern), out, 256);
  return out;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern == text) return true;  // a name with glob characters in it is itself (as picomatch)
  if (pattern.find('{') != std::string_view::npos) {
    for (const auto& alternative : expand_braces(pattern)) {
      if (Matcher(alternative, text).match(0, 0)) return true;
    }
    return false;
  }
  return Matcher(pattern, text).match(0, 0);
}

bool has_glob_chars(std::string_view pattern) {
  std::size_t open = 0, close = 0;
  return pattern.find_first_of("*?[") != std::string_view::npos || find_brace(pattern, open, close);
}

std::vector<std::string> expand_glob(const std::string& pattern) {
  if (!has_glob_chars(pattern)) return {pattern};
  // Walk from the longest directory prefix without glob characters.
  const std::size_t first_glob = pattern.find_first_of("*?[{");
  const std::size_t slash = pattern.rfind('/', first_glob);
  const std::string root = slash == std::string::npos ? "." : pattern.substr(0, slash + 1);
  const bool dot_root = slash == std::string::npos;
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root.empty() ? "/" : root,
                                      fs::directory_options::skip_permission_denied, ec);
  if (ec) return out;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::error_code sec;
    if (!it->is_regular_file(sec)) continue;
    std::string path = it->path().generic_string();
    if (dot_root && path.rfind("./", 0) == 0) path.erase(0, 2);
    if (glob_match(pattern, path)) out.push_back(std::move(path));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace util
