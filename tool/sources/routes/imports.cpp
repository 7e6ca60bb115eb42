// A small ES-module lexer, after the approach of es-module-lexer: one pass,
// tracking only what decides whether a '/' starts a regex and whether an
// `import`/`export` keyword is one.
#include "sources/routes/imports.hpp"

#include <cctype>

namespace sources::routes {

namespace {

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

class Lexer {
public:
  explicit Lexer(std::string_view s) : m_s(s) {}

  ModuleImports run() {
    ModuleImports out;
    bool operand = true;  // a '/' now starts a regex
    while (m_i < m_s.size()) {
      const char c = m_s[m_i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++m_i;
      } else if (c == '/' && peek(1) == '/') {
        while (m_i < m_s.size() && m_s[m_i] != '\n') ++m_i;
      } else if (c == '/' && peek(1) == '*') {
        const auto end = m_s.find("*/", m_i + 2);
        m_i = end == std::string_view::npos ? m_s.size() : end + 2;
      } else if (c == '"' || c == '\'') {
        string();
        operand = false;
      } else if (c == '`') {
        templ(0);
        operand = false;
      } else if (c == '/') {
        if (operand) regex();
        else ++m_i;
        operand = true;
      } else if (ident_char(c)) {
        const bool after_dot = m_i > 0 && m_s[m_i - 1] == '.' && !(m_i > 2 && m_s[m_i - 2] == '.' && m_s[m_i - 3] == '.');
        const std::size_t s = m_i;
        while (m_i < m_s.size() && ident_char(m_s[m_i])) ++m_i;
        const std::string_view word = m_s.substr(s, m_i - s);
        if (!after_dot && word == "import") {
          import_statement(out);
        } else if (!after_dot && word == "export") {
          export_statement(out);
        }
        operand = word == "return" || word == "typeof" || word == "case" || word == "do" || word == "else" ||
                  word == "in" || word == "of" || word == "new" || word == "delete" || word == "void" ||
                  word == "throw" || word == "instanceof" || word == "yield" || word == "await";
      } else {
        operand = !(c == ')' || c == ']' || c == '}');
        ++m_i;
      }
    }
    return out;
  }

private:
  char peek(std::size_t n) const { return m_i + n < m_s.size() ? m_s[m_i + n] : '\0'; }

  void space() {
    for (;;) {
      while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
      if (m_i + 1 < m_s.size() && m_s[m_i] == '/' && m_s[m_i + 1] == '/') {
        while (m_i < m_s.size() && m_s[m_i] != '\n') ++m_i;
      } else if (m_i + 1 < m_s.size() && m_s[m_i] == '/' && m_s[m_i + 1] == '*') {
        const auto end = m_s.find("*/", m_i + 2);
        m_i = end == std::string_view::npos ? m_s.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // Read a string literal at m_i; return its value (escapes kept as written,
  // except \" and \\, which is all a module specifier in a build uses).
  std::string string() {
    const char q = m_s[m_i++];
    std::string out;
    while (m_i < m_s.size() && m_s[m_i] != q && m_s[m_i] != '\n') {
      if (m_s[m_i] == '\\' && m_i + 1 < m_s.size()) ++m_i;
      out += m_s[m_i++];
    }
    if (m_i < m_s.size()) ++m_i;
    return out;
  }

  void templ(int depth) {
    ++m_i;  // '`'
    while (m_i < m_s.size() && m_s[m_i] != '`') {
      if (m_s[m_i] == '\\') {
        m_i += 2;
      } else if (m_s[m_i] == '$' && peek(1) == '{' && depth < 64) {
        m_i += 2;
        substitution(depth + 1);
      } else {
        ++m_i;
      }
    }
    if (m_i < m_s.size()) ++m_i;
  }

  // Inside ${...}: up to its closing brace, strings and templates skipped.
  void substitution(int depth) {
    int braces = 0;
    while (m_i < m_s.size()) {
      const char c = m_s[m_i];
      if (c == '"' || c == '\'') {
        string();
      } else if (c == '`') {
        templ(depth);
      } else if (c == '{') {
        ++braces;
        ++m_i;
      } else if (c == '}') {
        ++m_i;
        if (braces-- == 0) return;
      } else {
        ++m_i;
      }
    }
  }

  void regex() {
    const std::size_t end = regex_literal_end(m_s, m_i);
    if (end != std::string_view::npos) {
      m_i = end;
      return;
    }
    while (m_i < m_s.size() && m_s[m_i] != '\n') ++m_i;  // not closed on its line: skip the line
  }

  // After `import`: `import("x")`, `import "x"`, `import a, {b as c} from "x"`,
  // `import * as ns from "x"`; not `import.meta`.
  void import_statement(ModuleImports& out) {
    const std::size_t mark = m_i;
    space();
    if (m_i >= m_s.size()) return;
    const char c = m_s[m_i];
    if (c == '(') {
      ++m_i;
      space();
      if (m_i < m_s.size() && (m_s[m_i] == '"' || m_s[m_i] == '\'')) {
        std::string spec = string();
        space();
        if (m_i < m_s.size() && (m_s[m_i] == ')' || m_s[m_i] == ',')) out.dynamic_imports.push_back(std::move(spec));
      }
      m_i = mark;  // the lexer goes on inside the call
      return;
    }
    if (c == '.') {
      m_i = mark;
      return;
    }
    if (c == '"' || c == '\'') {
      out.static_imports.push_back(string());
      return;
    }
    if (from_clause(out)) return;
    m_i = mark;
  }

  // After `export`: only `export ... from "x"` names a module.
  void export_statement(ModuleImports& out) {
    const std::size_t mark = m_i;
    space();
    if (m_i < m_s.size() && (m_s[m_i] == '{' || m_s[m_i] == '*')) {
      if (from_clause(out)) return;
    }
    m_i = mark;
  }

  // The bindings of an import/export clause up to `from "x"`; false (and m_i
  // wherever it stopped) when what follows is not such a clause.
  bool from_clause(ModuleImports& out) {
    // Bindings are names, commas, `* as x`, `{...}` with names, `as`, strings
    // (`{"a-b" as c}`) and `type` (TypeScript never reaches a build).
    int braces = 0;
    while (m_i < m_s.size()) {
      space();
      if (m_i >= m_s.size()) return false;
      const char c = m_s[m_i];
      if (c == '{') {
        ++braces;
        ++m_i;
      } else if (c == '}') {
        if (--braces < 0) return false;
        ++m_i;
      } else if (c == ',' || c == '*') {
        ++m_i;
      } else if (c == '"' || c == '\'') {
        if (braces == 0) return false;
        string();
      } else if (ident_char(c)) {
        const std::size_t s = m_i;
        while (m_i < m_s.size() && ident_char(m_s[m_i])) ++m_i;
        if (braces == 0 && m_s.substr(s, m_i - s) == "from") {
          space();
          if (m_i < m_s.size() && (m_s[m_i] == '"' || m_s[m_i] == '\'')) {
            out.static_imports.push_back(string());
            return true;
          }
          return false;
        }
      } else {
        return false;
      }
    }
    return false;
  }

  std::string_view m_s;
  std::size_t m_i = 0;
};

}  // namespace

ModuleImports scan_imports(std::string_view source) { return Lexer(source).run(); }

std::size_t regex_literal_end(std::string_view s, std::size_t at) {
  std::size_t i = at + 1;
  bool in_class = false;
  for (;;) {
    if (i >= s.size() || s[i] == '\n') return std::string_view::npos;
    const char c = s[i++];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '/' && !in_class) {
      break;
    }
  }
  while (i < s.size() && ident_char(s[i])) ++i;  // flags
  return i;
}

std::string url_to_file_path(std::string_view url) {
  const auto cut = url.find_first_of("?#");
  if (cut != std::string_view::npos) url = url.substr(0, cut);
  std::string out;
  for (std::size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%' && i + 2 < url.size() && std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(url.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += url[i];
    }
  }
  return out;
}

std::string resolve_url(std::string_view base, std::string_view spec, bool html) {
  if (spec.empty()) return {};
  if (spec.substr(0, 2) == "//") return {};
  const auto colon = spec.find(':');
  const auto slash = spec.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) return {};  // a scheme
  std::string joined;
  if (spec.front() == '/') {
    joined = std::string(spec);
  } else if (html || spec.substr(0, 2) == "./" || spec.substr(0, 3) == "../" || spec == "." || spec == "..") {
    const auto dir = base.rfind('/');
    joined = std::string(dir == std::string_view::npos ? std::string_view("/") : base.substr(0, dir + 1)) + std::string(spec);
  } else {
    return {};  // bare
  }
  // Normalise "." and ".." segments; a ".." above the root stays at the root, as in a URL.
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= joined.size()) {
    const std::size_t j = std::min(joined.find('/', i), joined.size());
    const std::string part = joined.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

}  // namespace sources::routes
