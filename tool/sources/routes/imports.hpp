// The module specifiers a built ES module names: its static imports (`import
// x from "./a.js"`, `import "./b.js"`, `export * from "./c.js"`), which the
// browser fetches before the module runs, and its dynamic `import("./d.js")`
// calls with a literal specifier, which it fetches later, if ever. Found by a
// lexer that knows strings, templates, comments and regexes, so an "import" in
// a string is not one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sources::routes {

struct ModuleImports {
  std::vector<std::string> static_imports;
  std::vector<std::string> dynamic_imports;
};

ModuleImports scan_imports(std::string_view source);

// The end of the regular-expression literal whose opening '/' is at `at` (after
// its flags), or npos when the line or the text ends first. Shared by the import
// lexer and the manifest reader (js_data.cpp).
std::size_t regex_literal_end(std::string_view text, std::size_t at);

// Resolve `specifier` against the URL path `base` of the importing module
// ("/_app/immutable/entry/start.js" + "../chunks/a.js" -> "/_app/immutable/chunks/a.js").
// Returns "" for a bare specifier ("react": an import map's business) and for
// anything with a scheme ("https://cdn/x.js": not in the build). With `html`,
// the specifier is a URL in a page ("main.js" is relative, as "./main.js").
std::string resolve_url(std::string_view base, std::string_view specifier, bool html = false);

// Decode %XX escapes and drop a ?query or #fragment: the file a URL path names.
std::string url_to_file_path(std::string_view url);

}  // namespace sources::routes
