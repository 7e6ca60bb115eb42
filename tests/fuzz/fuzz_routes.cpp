// The route readers' parsers of framework output (issue 23): the JS-literal
// reader of manifests that are JavaScript (js_data), the ES-module import lexer,
// the HTML page reader (gumbo) and URL resolution. The first byte picks one; the
// rest is its input. None may crash, hang or leak; errors are exceptions.
#include "sources/routes/build.hpp"
#include "sources/routes/imports.hpp"
#include "sources/routes/js_data.hpp"
#include "targets.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace sources::routes;
  try {
    switch (data[0] % 4) {
      case 0: {
        std::size_t pos = 0;
        const JsValue v = parse_js_value(text, pos);
        if (pos > text.size()) std::abort();
        (void)v.strings();
        const JsEnv env = read_js_declarations(text);
        (void)env.size();
        break;
      }
      case 1: {
        const ModuleImports m = scan_imports(text);
        for (const auto& s : m.static_imports) (void)resolve_url("/a/b.js", s);
        break;
      }
      case 2: {
        const PageRefs refs = read_page_refs(text, "fuzz.html");
        for (const auto& [url, via] : refs.loads) (void)resolve_url("/index.html", url, true);
        break;
      }
      default: {
        const auto cut = text.find('\n');
        const std::string base = cut == std::string::npos ? text : text.substr(0, cut);
        const std::string spec = cut == std::string::npos ? std::string() : text.substr(cut + 1);
        const std::string r = resolve_url(base, spec, true);
        // A resolved URL is absolute and normalised: no "." or ".." segment is left.
        if (!r.empty() && (r[0] != '/' || r.find("/../") != std::string::npos || r.find("/./") != std::string::npos)) std::abort();
        (void)url_to_file_path(spec);
      }
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}
