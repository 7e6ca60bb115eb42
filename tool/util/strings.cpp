#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace util {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? std::string() : " (did you mean \"" + best + "\"?)";
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool starts_with(std::string_view text, std::string_view affix) {
  return text.substr(0, affix.size()) == affix;
}

bool ends_with(std::string_view text, std::string_view affix) {
  return text.size() >= affix.size() && text.substr(text.size() - affix.size()) == affix;
}

}  // namespace util

namespace util {

namespace {

// Return the length of the well-formed UTF-8 sequence at `s[i]` and its code
// point, or 0 when the bytes there are not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) { n = 2; cp = b0 & 0x1F; min = 0x80; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 3; cp = b0 & 0x0F; min = 0x800; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 4; cp = b0 & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void append_hex(std::string& out, const char* prefix, unsigned value, int digits) {
  static const char* hex = "0123456789abcdef";
  out += prefix;
  for (int d = digits - 1; d >= 0; --d) out += hex[(value >> (4 * d)) & 0xF];
}

bool secret_name(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  static constexpr std::string_view k_words[] = {"token", "key", "secret", "pass", "pwd", "auth",
                                                 "sig", "credential", "session", "jwt"};
  for (auto w : k_words) {
    if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

// Redact the URL that starts at `url` (its scheme) and runs to the first blank,
// quote or bracket; return how many bytes of `text` it took.
std::size_t redact_url(std::string_view text, std::string& out) {
  std::size_t end = 0;
  while (end < text.size() && std::string_view(" \t\r\n\"'<>()[]{}`").find(text[end]) == std::string_view::npos) {
    ++end;
  }
  const std::string_view url = text.substr(0, end);
  const std::size_t scheme_end = url.find("://");
  const std::size_t authority = scheme_end + 3;
  const std::size_t path = url.find_first_of("/?#", authority);
  const std::string_view host_part = url.substr(authority, path == std::string_view::npos ? url.npos : path - authority);
  out += url.substr(0, authority);
  if (const auto at = host_part.rfind('@'); at != std::string_view::npos) {
    out += "***@";
    out += host_part.substr(at + 1);
  } else {
    out += host_part;
  }
  if (path == std::string_view::npos) return end;
  std::string_view rest = url.substr(path);
  const std::size_t q = rest.find('?');
  out += rest.substr(0, q);
  if (q == std::string_view::npos) return end;
  rest.remove_prefix(q);
  // "?a=1&token=x#frag": each parameter up to '&', ';' or '#'.
  std::size_t i = 0;
  while (i < rest.size()) {
    const char sep = rest[i];
    out += sep;
    ++i;
    if (sep == '#') {
      out += rest.substr(i);
      break;
    }
    std::size_t stop = rest.find_first_of("&;#", i);
    if (stop == std::string_view::npos) stop = rest.size();
    const std::string_view param = rest.substr(i, stop - i);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && secret_name(param.substr(0, eq))) {
      out += param.substr(0, eq + 1);
      out += "REDACTED";
    } else {
      out += param;
    }
    i = stop;
  }
  return end;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0) {
      append_hex(out, "\\x", static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    if (cp == '\n') out += "\\n";
    else if (cp == '\r') out += "\\r";
    else if (cp == '\t') out += "\\t";
    else if (cp < 0x20 || cp == 0x7F) append_hex(out, "\\x", static_cast<unsigned>(cp), 2);
    else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) append_hex(out, "\\u", static_cast<unsigned>(cp), 4);
    else out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string redact_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t found = text.find("://", i);
    if (found == std::string_view::npos) break;
    // The scheme: letters, digits, '+', '-', '.' before "://".
    std::size_t start = found;
    while (start > i && (std::isalnum(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '+' ||
                         text[start - 1] == '-' || text[start - 1] == '.')) {
      --start;
    }
    if (start == found) {
      out.append(text.substr(i, found + 3 - i));
      i = found + 3;
      continue;
    }
    out.append(text.substr(i, start - i));
    i = start + redact_url(text.substr(start), out);
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace util
