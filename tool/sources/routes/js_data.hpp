// The data inside framework manifests that are JavaScript, not JSON: Next's
// client reference manifests (Turbopack writes generated code), SvelteKit's
// manifest-full.js and nodes/N.js, Nuxt's client.manifest.mjs, React Router's
// manifest-<hash>.js. Only the literal parts are read: strings, numbers,
// booleans, arrays (holes too), objects (bare or quoted keys), string `+`
// concatenation, `!0`/`!1`, and references to `const`s read before with an
// index (`s[3]`, `l[0]`). Anything else — a call, an arrow function, a regex —
// is kept as its source text (kind `code`), never run.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sources::routes {

struct JsField;

struct JsValue {
  enum class Kind { null, boolean, number, string, array, object, code };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;  // string: the value; code: the source text
  std::vector<JsValue> items;                          // array (a hole is null)
  std::vector<JsField> fields;                         // object, in source order

  // The field `key` of an object, or nullptr.
  const JsValue* get(std::string_view key) const;
  // The strings of an array (other items skipped); empty for anything else.
  std::vector<std::string> strings() const;
  bool is_string() const { return kind == Kind::string; }
};

// One key of an object and its value (a struct, not a std::pair: a pair cannot hold
// the type it is a member of while that type is still being defined).
struct JsField {
  std::string first;
  JsValue second;
};

using JsEnv = std::map<std::string, JsValue, std::less<>>;

// Parse the value that starts at `pos` in `text` (whitespace and comments
// skipped), resolving names through `env`; `pos` is left after it. Throws
// std::runtime_error with the offset on text that is not a value at all.
JsValue parse_js_value(std::string_view text, std::size_t& pos, const JsEnv& env = {});

// Read every `const|let|var NAME = VALUE (, NAME = VALUE)*` at the top level of
// `text`'s statements, in order, each seeing the ones before. Statements that
// are not declarations are skipped.
JsEnv read_js_declarations(std::string_view text);

// Return the position just after the first occurrence of `marker` in `text`
// (e.g. "window.__reactRouterManifest="), or npos.
std::size_t after(std::string_view text, std::string_view marker, std::size_t from = 0);

}  // namespace sources::routes
