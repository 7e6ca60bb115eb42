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

std::size_t redact_url(std::string_view text, std::string& out);

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      append_hex(out, "%", u, 2);
    }
  }
  return out;
}

// A parameter's value may itself hold a URL, plain or percent-encoded (PSI's
// ?url=https%3A%2F%2Fuser%3Apw%40...): its credentials are hidden too.
std::string redact_value(std::string_view value) {
  if (value.find("://") != std::string_view::npos) return redact_secrets(value);
  std::string lower(value);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("%3a%2f%2f") == std::string::npos) return std::string(value);
  const std::string decoded = percent_decode(value);
  const std::string redacted = redact_secrets(decoded);
  return redacted == decoded ? std::string(value) : percent_encode(redacted);
}

// Redact "a=1&token=x;b=2" (a query or a fragment's parameters) into `out`.
void redact_params(std::string_view params, std::string& out) {
  std::size_t i = 0;
  while (i <= params.size()) {
    std::size_t stop = params.find_first_of("&;", i);
    if (stop == std::string_view::npos) stop = params.size();
    const std::string_view param = params.substr(i, stop - i);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && secret_name(param.substr(0, eq))) {
      out += param.substr(0, eq + 1);
      out += "REDACTED";
    } else if (eq != std::string_view::npos) {
      out += param.substr(0, eq + 1);
      out += redact_value(param.substr(eq + 1));
    } else {
      out += param;
    }
    if (stop == params.size()) break;
    out += params[stop];
    i = stop + 1;
  }
}

// Redact the URL that starts at `text` (its scheme) and runs to the first blank,
// quote or bracket, into `out`; return how many bytes of `text` it took.
std::size_t redact_url(std::string_view text, std::string& out) {
  std::size_t end = 0;
  while (end < text.size() && std::string_view(" \t\r\n\"'<>()[]{}`").find(text[end]) == std::string_view::npos) {
    ++end;
  }
  const std::string_view url = text.substr(0, end);
  const std::size_t authority = url.find("://") + 3;
  const std::size_t query = std::min(url.find('?', authority), url.find('#', authority));
  std::size_t path = url.find('/', authority);
  if (path > query) path = query;
  // The user information ends at the last '@' of the authority; a password with a
  // raw '/' in it ("user:pa/ss@host") still counts when a ':' comes before it.
  std::size_t at = url.substr(authority, path == std::string_view::npos ? url.npos : path - authority).rfind('@');
  if (at == std::string_view::npos) {
    const std::size_t late = url.substr(0, query).rfind('@');
    if (late != std::string_view::npos && late > authority &&
        url.substr(authority, late - authority).find(':') != std::string_view::npos) {
      at = late - authority;
      path = url.find_first_of("/?#", late);
    }
  }
  out += url.substr(0, authority);
  if (at != std::string_view::npos) {
    out += "***@";
    out += url.substr(authority + at + 1, (path == std::string_view::npos ? url.size() : path) - (authority + at + 1));
  } else {
    out += url.substr(authority, (path == std::string_view::npos ? url.size() : path) - authority);
  }
  if (path == std::string_view::npos) return end;
  std::string_view rest = url.substr(path);
  const std::size_t q = rest.find_first_of("?#");
  out += rest.substr(0, q);
  if (q == std::string_view::npos) return end;
  rest.remove_prefix(q);
  // "?a=1&token=x#access_token=y": the query's and the fragment's parameters alike.
  const std::size_t hash = rest.find('#');
  if (rest.front() == '?') {
    out += '?';
    redact_params(rest.substr(1, hash == std::string_view::npos ? rest.npos : hash - 1), out);
  }
  if (hash != std::string_view::npos) {
    out += '#';
    redact_params(rest.substr(hash + 1), out);
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
    else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
             (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0xFEFF)
      append_hex(out, "\\u", static_cast<unsigned>(cp), 4);  // line breaks, bidi overrides (spoofed names)
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

namespace util {

std::string defuse_workflow_commands(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line.substr(first, 2) == "::") {
      out.append(line.substr(0, first));
      out += "\\x3a";
      out.append(line.substr(first + 1));
    } else {
      out.append(line);
    }
    if (end == std::string_view::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace util

#if !(defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L)
#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <locale.h>
#endif

namespace util {

std::from_chars_result parse_double(const char* first, const char* last, double& value) {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
  return std::from_chars(first, last, value);
#else
  // Only what std::from_chars would read: strtod alone would also skip spaces and take
  // '+' and hexadecimal.
  if (first == last || *first == '+' || std::isspace(static_cast<unsigned char>(*first))) {
    return {first, std::errc::invalid_argument};
  }
  const char* digits = first + (*first == '-' ? 1 : 0);
  if (last - digits >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) last = digits + 1;
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", nullptr);
  const std::string text(first, last);
  char* end = nullptr;
  errno = 0;
  const double parsed = strtod_l(text.c_str(), &end, c_locale);
  if (end == text.c_str()) return {first, std::errc::invalid_argument};
  const char* ptr = first + (end - text.c_str());
  if (errno == ERANGE) return {ptr, std::errc::result_out_of_range};
  value = parsed;
  return {ptr, std::errc()};
#endif
}

}  // namespace util
