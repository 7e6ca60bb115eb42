// A reader of the literal data in JavaScript manifests (js_data.hpp). It is a
// recursive-descent parser over a small subset of expressions; what it does not
// understand it skips as balanced source text, so a manifest with a function in
// it still yields the data around the function.
#include "sources/routes/js_data.hpp"

#include "sources/routes/imports.hpp"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace sources::routes {

const JsValue* JsValue::get(std::string_view key) const {
  if (kind != Kind::object) return nullptr;
  // The last one wins, as in JavaScript.
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

std::vector<std::string> JsValue::strings() const {
  std::vector<std::string> out;
  if (kind != Kind::array) return out;
  for (const auto& item : items) {
    if (item.kind == Kind::string) out.push_back(item.text);
  }
  return out;
}

std::size_t after(std::string_view text, std::string_view marker, std::size_t from) {
  const std::size_t at = text.find(marker, from);
  return at == std::string_view::npos ? at : at + marker.size();
}

namespace {

// Manifests nest a few levels; anything deeper is hostile input, not a manifest.
constexpr int k_max_depth = 200;

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

class Parser {
public:
  Parser(std::string_view text, std::size_t pos, const JsEnv& env) : m_text(text), m_pos(pos), m_env(&env) {}

  std::size_t pos() const { return m_pos; }

  JsValue value(int depth = 0) {
    if (depth > k_max_depth) fail("nested too deeply");
    skip_space();
    const std::size_t start = m_pos;
    JsValue v;
    if (!primary(v, depth)) return code_from(start);
    for (;;) {
      const bool newline = skip_space();
      if (at_end()) return v;
      const char c = m_text[m_pos];
      if (c == ',' || c == ';' || c == '}' || c == ']' || c == ')' || c == ':') return v;
      if (newline && ident_start(c)) return v;  // the next statement (no semicolon)
      if (c == '[' || c == '.') {
        if (c == '.' && (m_pos + 1 >= m_text.size() || !ident_start(m_text[m_pos + 1]))) return code_from(start);
        if (!member(v, depth)) return code_from(start);
        continue;
      }
      if (c == '+' && !(m_pos + 1 < m_text.size() && (m_text[m_pos + 1] == '+' || m_text[m_pos + 1] == '='))) {
        ++m_pos;
        skip_space();
        JsValue right;
        if (!primary(right, depth)) return code_from(start);
        // Postfix on the right operand (p0+s[1]).
        while (skip_space(), !at_end() && (m_text[m_pos] == '[' || m_text[m_pos] == '.')) {
          if (!member(right, depth)) return code_from(start);
        }
        if (!concat(v, right)) return code_from(start);
        continue;
      }
      return code_from(start);  // an operator or call this reader does not evaluate
    }
  }

  // Skip one expression of any kind (balanced brackets, strings, templates,
  // regexes, comments) up to the `,` `;` or closing bracket that ends it.
  void skip_expression() {
    int depth = 0;
    bool operand_expected = true;  // a '/' here starts a regex, not a division
    while (!at_end()) {
      const char c = m_text[m_pos];
      if (c == '/' && m_pos + 1 < m_text.size() && (m_text[m_pos + 1] == '/' || m_text[m_pos + 1] == '*')) {
        skip_space();
        continue;
      }
      if (c == '"' || c == '\'') {
        string_literal();
        operand_expected = false;
        continue;
      }
      if (c == '`') {
        template_literal();
        operand_expected = false;
        continue;
      }
      if (c == '/' && operand_expected) {
        regex_literal();
        operand_expected = false;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        if (++depth > k_max_depth) fail("nested too deeply");
        ++m_pos;
        operand_expected = true;
        continue;
      }
      if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) return;
        --depth;
        ++m_pos;
        operand_expected = false;
        continue;
      }
      if ((c == ',' || c == ';') && depth == 0) return;
      if (ident_char(c)) {
        const std::size_t s = m_pos;
        while (!at_end() && ident_char(m_text[m_pos])) ++m_pos;
        const std::string_view word = m_text.substr(s, m_pos - s);
        operand_expected = word == "return" || word == "typeof" || word == "case" || word == "in" ||
                           word == "of" || word == "new" || word == "delete" || word == "void";
        continue;
      }
      if (!std::isspace(static_cast<unsigned char>(c))) operand_expected = true;
      ++m_pos;
    }
  }

  // Skip whitespace and comments; return whether a line break was among them.
  bool skip_space() {
    bool newline = false;
    while (!at_end()) {
      const char c = m_text[m_pos];
      if (c == '\n') newline = true;
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++m_pos;
      } else if (c == '/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '/') {
        while (!at_end() && m_text[m_pos] != '\n') ++m_pos;
      } else if (c == '/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '*') {
        const std::size_t end = m_text.find("*/", m_pos + 2);
        if (end == std::string_view::npos) fail("a comment is not closed");
        if (m_text.substr(m_pos, end - m_pos).find('\n') != std::string_view::npos) newline = true;
        m_pos = end + 2;
      } else {
        break;
      }
    }
    return newline;
  }

  bool at_end() const { return m_pos >= m_text.size(); }
  char peek() const { return at_end() ? '\0' : m_text[m_pos]; }
  void advance(std::size_t n = 1) { m_pos += n; }

  std::string identifier() {
    const std::size_t s = m_pos;
    while (!at_end() && ident_char(m_text[m_pos])) ++m_pos;
    return std::string(m_text.substr(s, m_pos - s));
  }

  // Skip one string or template literal at the current position.
  void skip_literal() {
    if (peek() == '`') template_literal();
    else string_literal();
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what + " at byte " + std::to_string(m_pos));
  }

private:
  JsValue code_from(std::size_t start) {
    m_pos = start;
    skip_expression();
    JsValue v;
    v.kind = JsValue::Kind::code;
    v.text = std::string(m_text.substr(start, m_pos - start));
    while (!v.text.empty() && std::isspace(static_cast<unsigned char>(v.text.back()))) v.text.pop_back();
    return v;
  }

  static bool concat(JsValue& left, const JsValue& right) {
    auto as_text = [](const JsValue& v, std::string& out) {
      if (v.kind == JsValue::Kind::string) {
        out = v.text;
        return true;
      }
      if (v.kind == JsValue::Kind::number && v.number == static_cast<double>(static_cast<long long>(v.number))) {
        out = std::to_string(static_cast<long long>(v.number));
        return true;
      }
      return false;
    };
    if (left.kind == JsValue::Kind::number && right.kind == JsValue::Kind::number) {
      left.number += right.number;
      return true;
    }
    if (left.kind != JsValue::Kind::string && right.kind != JsValue::Kind::string) return false;
    std::string a, b;
    if (!as_text(left, a) || !as_text(right, b)) return false;
    left = JsValue{};
    left.kind = JsValue::Kind::string;
    left.text = a + b;
    return true;
  }

  // `[index]` or `.name` on a value known here.
  bool member(JsValue& v, int depth) {
    std::string key;
    bool numeric = false;
    std::size_t index = 0;
    if (peek() == '.') {
      advance();
      key = identifier();
    } else {
      advance();  // '['
      JsValue k = value(depth + 1);
      skip_space();
      if (peek() != ']') return false;
      advance();
      if (k.kind == JsValue::Kind::number && k.number >= 0) {
        numeric = true;
        index = static_cast<std::size_t>(k.number);
      } else if (k.kind == JsValue::Kind::string) {
        key = k.text;
      } else {
        return false;
      }
    }
    if (v.kind == JsValue::Kind::array && numeric) {
      if (index >= v.items.size()) return false;
      JsValue item = v.items[index];
      v = std::move(item);
      return true;
    }
    if (v.kind == JsValue::Kind::object && !numeric) {
      const JsValue* f = v.get(key);
      if (!f) return false;
      JsValue copy = *f;
      v = std::move(copy);
      return true;
    }
    return false;
  }

  bool primary(JsValue& v, int depth) {
    if (at_end()) fail("a value was expected");
    const char c = m_text[m_pos];
    if (c == '"' || c == '\'') {
      v.kind = JsValue::Kind::string;
      v.text = string_literal();
      return true;
    }
    if (c == '`') {
      const std::size_t s = m_pos;
      if (!template_literal()) return false;  // has ${...}: code
      v.kind = JsValue::Kind::string;
      v.text = std::string(m_text.substr(s + 1, m_pos - s - 2));
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.') {
      const std::string rest(m_text.substr(m_pos, std::min<std::size_t>(64, m_text.size() - m_pos)));
      char* end = nullptr;
      const double d = std::strtod(rest.c_str(), &end);
      if (end == rest.c_str()) return false;
      v.kind = JsValue::Kind::number;
      v.number = d;
      m_pos += static_cast<std::size_t>(end - rest.c_str());
      return true;
    }
    if (c == '!' && m_pos + 1 < m_text.size() && (m_text[m_pos + 1] == '0' || m_text[m_pos + 1] == '1')) {
      v.kind = JsValue::Kind::boolean;
      v.boolean = m_text[m_pos + 1] == '0';
      m_pos += 2;
      return true;
    }
    if (c == '[') return array(v, depth);
    if (c == '{') return object(v, depth);
    if (c == '(') {
      advance();
      v = value(depth + 1);
      skip_space();
      if (peek() != ')') return false;
      advance();
      skip_space();
      return !(peek() == '=' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '>');  // an arrow function
    }
    if (ident_start(c)) {
      const std::string name = identifier();
      if (name == "true" || name == "false") {
        v.kind = JsValue::Kind::boolean;
        v.boolean = name == "true";
        return true;
      }
      if (name == "null" || name == "undefined") return true;
      if (name == "void") {
        skip_space();
        if (peek() == '0') {
          advance();
          return true;
        }
        return false;
      }
      skip_space();
      // `j={...}` inside an expression (Nuxt's client.precomputed.mjs names shared
      // entries so): the value, remembered for the references that follow.
      if (peek() == '=' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] != '=' && m_text[m_pos + 1] != '>') {
        advance();
        v = value(depth + 1);
        m_local[name] = v;
        return true;
      }
      if (peek() == '(' || peek() == '=') return false;  // a call or an arrow
      if (const auto local = m_local.find(name); local != m_local.end()) {
        v = local->second;
        return true;
      }
      const auto it = m_env->find(name);
      if (it == m_env->end()) return false;
      v = it->second;
      return true;
    }
    return false;
  }

  bool array(JsValue& v, int depth) {
    advance();  // '['
    v.kind = JsValue::Kind::array;
    for (;;) {
      skip_space();
      if (at_end()) fail("an array is not closed");
      if (peek() == ']') {
        advance();
        return true;
      }
      if (peek() == ',') {  // a hole
        advance();
        v.items.emplace_back();
        continue;
      }
      if (m_text.substr(m_pos, 3) == "...") {
        advance(3);
        skip_expression();
        v.items.push_back(code_marker());
      } else {
        v.items.push_back(value(depth + 1));
      }
      skip_space();
      if (peek() == ',') {
        advance();
      } else if (peek() != ']') {
        fail("',' or ']' expected in an array");
      }
    }
  }

  bool object(JsValue& v, int depth) {
    advance();  // '{'
    v.kind = JsValue::Kind::object;
    for (;;) {
      skip_space();
      if (at_end()) fail("an object is not closed");
      if (peek() == '}') {
        advance();
        return true;
      }
      std::string key;
      bool skip = false;
      const char c = peek();
      if (c == '"' || c == '\'') {
        key = string_literal();
      } else if (ident_start(c)) {
        key = identifier();
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '.')) {
          key += peek();
          advance();
        }
      } else {
        skip = true;  // [computed] or ...spread
      }
      skip_space();
      if (skip || (peek() != ':' && peek() != ',' && peek() != '}')) {
        skip_expression();  // a method, a getter, a spread: not data
      } else if (peek() == ':') {
        advance();
        v.fields.push_back({key, value(depth + 1)});
      } else {
        // Shorthand {name}: the const of that name, if known.
        const auto it = m_env->find(key);
        v.fields.push_back({key, it == m_env->end() ? code_marker() : it->second});
      }
      skip_space();
      if (peek() == ',') {
        advance();
      } else if (peek() != '}') {
        fail("',' or '}' expected in an object");
      }
    }
  }

  static JsValue code_marker() {
    JsValue v;
    v.kind = JsValue::Kind::code;
    return v;
  }

  std::string string_literal() {
    const char quote = m_text[m_pos++];
    std::string out;
    while (!at_end() && m_text[m_pos] != quote) {
      char c = m_text[m_pos++];
      if (c == '\n') fail("a string is not closed on its line");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_end()) break;
      c = m_text[m_pos++];
      switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '0': out += '\0'; break;
        case '\n': break;  // a line continuation
        case 'x':
        case 'u': {
          unsigned long code = 0;
          if (c == 'u' && peek() == '{') {
            const std::size_t close = m_text.find('}', m_pos);
            if (close == std::string_view::npos) fail("a \\u{...} escape is not closed");
            code = std::strtoul(std::string(m_text.substr(m_pos + 1, close - m_pos - 1)).c_str(), nullptr, 16);
            m_pos = close + 1;
          } else {
            const std::size_t n = c == 'x' ? 2 : 4;
            if (m_pos + n > m_text.size()) fail("an escape is cut short");
            code = std::strtoul(std::string(m_text.substr(m_pos, n)).c_str(), nullptr, 16);
            m_pos += n;
          }
          // UTF-8 (surrogate halves are kept as they are: file names never hold them).
          if (code < 0x80) {
            out += static_cast<char>(code);
          } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
          } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
          } else {
            out += static_cast<char>(0xF0 | ((code >> 18) & 0x07));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
          }
          break;
        }
        default: out += c;
      }
    }
    if (at_end()) fail("a string is not closed");
    ++m_pos;
    return out;
  }

  // Skip a template literal; return false when it has ${...} substitutions.
  bool template_literal() {
    ++m_pos;
    bool plain = true;
    while (!at_end() && m_text[m_pos] != '`') {
      if (m_text[m_pos] == '\\') {
        m_pos += 2;
        continue;
      }
      if (m_text[m_pos] == '$' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '{') {
        plain = false;
        m_pos += 2;
        skip_expression();
        if (peek() != '}') fail("a template substitution is not closed");
        ++m_pos;
        continue;
      }
      ++m_pos;
    }
    if (at_end()) fail("a template literal is not closed");
    ++m_pos;
    return plain;
  }

  void regex_literal() {
    const std::size_t end = regex_literal_end(m_text, m_pos);
    if (end == std::string_view::npos) fail("a regular expression is not closed on its line");
    m_pos = end;
  }

  std::string_view m_text;
  std::size_t m_pos;
  const JsEnv* m_env;
  JsEnv m_local;  // names assigned inside the value being read
};

}  // namespace

JsValue parse_js_value(std::string_view text, std::size_t& pos, const JsEnv& env) {
  Parser p(text, pos, env);
  JsValue v = p.value();
  pos = p.pos();
  return v;
}

JsEnv read_js_declarations(std::string_view text) {
  JsEnv env;
  Parser p(text, 0, env);
  // Walk the text token by token (strings, comments and templates skipped whole)
  // and read the declarations wherever they are.
  while (!p.at_end()) {
    p.skip_space();
    if (p.at_end()) break;
    const char c = p.peek();
    if (ident_start(c)) {
      const std::string word = p.identifier();
      if (word != "const" && word != "let" && word != "var") continue;
      for (;;) {
        p.skip_space();
        if (!ident_start(p.peek())) break;  // destructuring: not data
        const std::string name = p.identifier();
        p.skip_space();
        if (p.peek() != '=') break;
        p.advance();
        std::size_t pos = p.pos();
        JsValue v = parse_js_value(text, pos, env);
        env[name] = std::move(v);
        p = Parser(text, pos, env);
        p.skip_space();
        if (p.peek() != ',') break;
        p.advance();
      }
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      p.skip_literal();
      continue;
    }
    p.advance();
  }
  return env;
}

}  // namespace sources::routes
