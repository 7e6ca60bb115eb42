// The route readers' small parsers (issue 23): the JS-literal reader of
// manifests that are JavaScript, the ES-module import lexer, URL resolution and
// the HTML page reader. Each case is a shape seen in a real framework build
// (tests/fixtures/frameworks) or a trap for a naive reader.
#include "sources/routes/build.hpp"
#include "sources/routes/imports.hpp"
#include "sources/routes/js_data.hpp"

#include <doctest/doctest.h>

using namespace sources::routes;

TEST_CASE("js_data: JSON, and the JS literals manifests use") {
  std::size_t pos = 0;
  const JsValue v = parse_js_value(R"({a:1,"b":'two',c:[1,,3,],d:!0,e:!1,f:null,g:void 0,'h-i':{j:"\u00e9\x41"}})", pos);
  REQUIRE(v.kind == JsValue::Kind::object);
  CHECK(v.get("a")->number == 1);
  CHECK(v.get("b")->text == "two");
  CHECK(v.get("c")->items.size() == 3);  // 1, hole, 3 (a trailing comma is no hole)
  CHECK(v.get("c")->items[1].kind == JsValue::Kind::null);
  CHECK(v.get("d")->boolean);
  CHECK_FALSE(v.get("e")->boolean);
  CHECK(v.get("h-i")->get("j")->text == "\xc3\xa9" "A");
}

TEST_CASE("js_data: what it does not evaluate is kept as code, and the data around it read") {
  std::size_t pos = 0;
  const std::string text = R"({nodes:[__memo(() => import('./nodes/0.js')),x=>x],pattern:/^\/blog\/([^/]+?)\/?$/,id:"/blog/[slug]",fn(){return 1},n:2})";
  const JsValue v = parse_js_value(text, pos);
  REQUIRE(v.get("nodes"));
  CHECK(v.get("nodes")->items.size() == 2);
  CHECK(v.get("nodes")->items[0].kind == JsValue::Kind::code);
  CHECK(v.get("nodes")->items[0].text.find("./nodes/0.js") != std::string::npos);
  CHECK(v.get("pattern")->kind == JsValue::Kind::code);
  CHECK(v.get("id")->text == "/blog/[slug]");
  CHECK(v.get("n")->number == 2);
  CHECK(pos == text.size());
}

TEST_CASE("js_data: Turbopack's generated manifest (consts, concatenation, indexing)") {
  const JsEnv env = read_js_declarations(R"((() => {
const p0 = "/_next/static/chunks/", p2 = "static/chunks/";
const s = [p0+"a.js",p2+"b.css",p2+"c.js"];
const l = [[s[0]],[{"path":s[1],"inlined":false}]];
const e = (id, chunks, async = false) => ({ id, chunks, async });
const m = {"clientModules":{"x":e(1,l[0])},"entryCSSFiles":{"[project]/app/layout":l[1]},"entryJSFiles":{"[project]/app/layout":[s[2]]}};
(globalThis.__RSC_MANIFEST ??= {})["/page"] = m;
})();)");
  REQUIRE(env.count("m"));
  const JsValue& m = env.at("m");
  CHECK(m.get("clientModules")->get("x")->kind == JsValue::Kind::code);
  CHECK(m.get("entryJSFiles")->get("[project]/app/layout")->strings() == std::vector<std::string>{"static/chunks/c.js"});
  CHECK(m.get("entryCSSFiles")->get("[project]/app/layout")->items[0].get("path")->text == "static/chunks/b.css");
}

TEST_CASE("js_data: names assigned inside a value (Nuxt's client.precomputed.mjs)") {
  const std::string text = R"(const c = ((h,j)=>({deps:{a:{x:j={file:"e.js",css:h=["e.css"]}},b:{y:j,z:h}}}))();)";
  std::size_t pos = after(text, "=>");
  const JsValue v = parse_js_value(text, pos);
  CHECK(v.get("deps")->get("a")->get("x")->get("file")->text == "e.js");
  CHECK(v.get("deps")->get("b")->get("y")->get("file")->text == "e.js");
  CHECK(v.get("deps")->get("b")->get("z")->strings() == std::vector<std::string>{"e.css"});
}

TEST_CASE("js_data: broken input is an error, never a crash or a hang") {
  const std::string deep(1000, '[');
  for (const std::string& bad : {std::string("{a:"), std::string("[1,2"), std::string("\"open"), std::string("{a:`x${"),
                                 std::string("/* open"), deep}) {
    std::size_t pos = 0;
    CHECK_THROWS_AS(parse_js_value(bad, pos), std::runtime_error);
  }
}

TEST_CASE("imports: static and dynamic, not in strings, comments, regexes or templates") {
  const ModuleImports m = scan_imports(
      R"(import{a as b}from"./chunk-A.js";import"./side.js";export*from"../re.js";export{c}from'./c.js';)"
      R"(const s="import x from './not.js'";/* import './no.js' */const r=/import "x"/g;)"
      R"(const t=`import ${"y"} from "./t.js"`;x.import("./m.js");import.meta.url;)"
      R"(const l=()=>import("./lazy.js");a/b/import("./after-division.js"))");
  CHECK(m.static_imports == std::vector<std::string>{"./chunk-A.js", "./side.js", "../re.js", "./c.js"});
  CHECK(m.dynamic_imports == std::vector<std::string>{"./lazy.js", "./after-division.js"});
}

TEST_CASE("resolve_url: module specifiers and page URLs") {
  CHECK(resolve_url("/_app/immutable/entry/start.js", "../chunks/a.js") == "/_app/immutable/chunks/a.js");
  CHECK(resolve_url("/a/b.js", "react") == "");                      // bare: an import map's business
  CHECK(resolve_url("/a/b.js", "https://cdn.example/x.js") == "");   // another origin
  CHECK(resolve_url("/a/b.js", "//cdn.example/x.js") == "");
  CHECK(resolve_url("/index.html", "main.js", true) == "/main.js");  // a page's relative URL
  CHECK(resolve_url("/blog/index.html", "../../../etc/passwd", true) == "/etc/passwd");  // ".." stops at the root
  CHECK(url_to_file_path("/_next/static/chunks/app/blog/%5Bslug%5D/page.js?v=1#x") ==
        "/_next/static/chunks/app/blog/[slug]/page.js");
}

TEST_CASE("html: what a page loads, as a browser builds the tree") {
  const PageRefs r = read_page_refs(R"(<!doctype html><html><head><base href="/app/">
<link rel="stylesheet" href="s.css" media="print" onload="this.media='all'"><noscript><link rel="stylesheet" href="s.css"></noscript>
<link rel="modulepreload" href="c.js"><link rel="preload" as="script" href="p.js"><link rel="preload" as="image" href="i.png">
<link rel="prefetch" href="later.js"><link rel="alternate stylesheet" href="alt.css">
<style>body{}</style><script>var inline=1</script><script type="application/ld+json">{}</script>
</head><body><!-- <script src="commented.js"></script> --><template><script src="inert.js"></script></template>
<script nomodule src="legacy.js"></script><script type="module" src="m.js"></script><script type="text/x-template" src="t.js"></script>
<astro-island component-url="/_astro/C.js" renderer-url="/_astro/client.js"></astro-island></body></html>)",
                                    "t.html");
  std::vector<std::string> urls;
  for (const auto& [u, via] : r.loads) urls.push_back(u);
  CHECK(urls == std::vector<std::string>{"s.css", "s.css", "c.js", "p.js", "m.js", "/_astro/client.js", "/_astro/C.js"});
  CHECK(r.lazy == std::vector<std::string>{"later.js"});
  CHECK(r.skipped == std::vector<std::string>{"legacy.js"});
  CHECK(r.base == "/app/");
  CHECK(r.inline_bytes == std::string("body{}").size() + std::string("var inline=1").size() + 2);
}
