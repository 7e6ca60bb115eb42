// What the route readers share (internal to tool/sources/routes): a route and
// the files a first visit to it loads, a framework build as its routes, and the
// collector that turns URLs, HTML pages and modules into a route's files.
#pragma once

#include "sources/routes/imports.hpp"
#include "sources/routes/js_data.hpp"
#include "util/cache.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sources::routes {

namespace fs = std::filesystem;

struct RouteFile {
  std::string path;  // on disk
  std::string via;   // "html", "import", "manifest", "router"
};

struct Route {
  std::string name;  // "/blog/[slug]", as the framework writes it
  std::vector<RouteFile> files;     // JS and CSS of the first visit, each once, in load order
  std::vector<std::string> lazy;    // JS/CSS it may load later (import(), prefetch): not counted
  std::vector<std::string> external;  // scripts from another origin: not in the build, not counted
  std::uint64_t inline_bytes = 0;   // <script>/<style> text in its HTML (arrives with the document)
  bool has_html = false;
  std::string from;   // the file the route was read from (its HTML, the manifest)
  std::string note;   // how it was found, e.g. "prerendered HTML"; "approximate: ..." when not exact
};

struct Build {
  std::string framework;  // "Next.js (App Router)", "SvelteKit", ...
  std::string dir;        // the folder given (names are shown relative to it)
  std::string root;       // every file a route loads is under it (links followed), or refused
  std::vector<Route> routes;
  std::vector<std::string> read;  // every file and folder read: the outputs may not overwrite them
  // An Angular build: its files as angular.json's budgets count them.
  struct Angular {
    std::vector<std::string> initial;  // what index.html loads first (Angular's "Initial total")
    std::vector<std::string> files;    // every file the budgets count (JS and CSS; webpack's licence file too)
    // Named bundles (main, polyfills, styles, runtime, and the lazy chunks' names) as
    // Angular names them, from the build's stats.json; empty without one.
    std::map<std::string, std::vector<std::string>> bundles;
  };
  std::optional<Angular> angular;
};

// The JS and CSS an HTML page loads by itself (html.cpp): <script src> (not
// nomodule), <link rel=stylesheet|modulepreload>, <link rel=preload as=script|style>,
// Astro's <astro-island component-url renderer-url>; prefetches are lazy.
struct PageRefs {
  std::vector<std::pair<std::string, std::string>> loads;  // url, via ("html" or "island")
  std::vector<std::string> lazy;                           // <link rel=prefetch> JS/CSS
  std::vector<std::string> skipped;                        // nomodule scripts: a modern browser skips them
  std::uint64_t inline_bytes = 0;
  std::string base;  // <base href>: what relative URLs resolve against
};

// Read `html` (the page's text) with an HTML5 parser. `name` is for errors.
PageRefs read_page_refs(const std::string& html, const std::string& name);

// Where URL paths are on disk: the longest matching prefix wins
// ({"/_next/", ".next/"}, {"/", "dist/"}).
class UrlMap {
public:
  void add(std::string url_prefix, std::string folder);
  // The file for `url_path` (query and fragment dropped, %XX decoded), or "" when
  // no prefix maps it or it climbs out of its folder.
  std::string to_path(std::string_view url_path) const;

private:
  std::string lookup(std::string_view url_path) const;

  std::vector<std::pair<std::string, std::string>> m_prefixes;
  mutable std::map<std::string, std::string, std::less<>> m_memo;  // every route names the shared chunks again
};

// What the pages and modules of the inputs were found to load, across runs: one
// size-cache entry per set of inputs, holding each file's identity (path, inode,
// size, mtime) with its parsed references. A warm run of an unchanged build reads
// one entry and parses no HTML and lexes no JS; a cold run writes one entry (a
// cache file per page would cost more than the parsing on a cold run).
class ReadMemo {
public:
  ReadMemo(const util::Cache& cache, std::string key);
  ~ReadMemo();  // writes the entry back when something new was parsed
  ReadMemo(const ReadMemo&) = delete;
  ReadMemo& operator=(const ReadMemo&) = delete;

  // The one of this run, while read.cpp's reading lasts (else nullptr).
  static ReadMemo*& current();

  const ModuleImports* imports(const std::string& path, const std::string& identity) const;
  const PageRefs* page(const std::string& path, const std::string& identity) const;
  void put(const std::string& path, const std::string& identity, const ModuleImports& imports);
  void put(const std::string& path, const std::string& identity, const PageRefs& refs);

private:
  const util::Cache& m_cache;
  std::string m_key;
  std::map<std::string, std::pair<std::string, ModuleImports>> m_imports;
  std::map<std::string, std::pair<std::string, PageRefs>> m_pages;
  bool m_dirty = false;
};

// Reads each module and page once per reader, through the run's ReadMemo.
class ModuleCache {
public:
  const ModuleImports& imports(const std::string& path);
  // The refs of the HTML page at `path`; throws util::Error when it cannot be read.
  const PageRefs& page(const std::string& path);
  // Parse these pages now, on every core (page() then finds them); a page that
  // cannot be read is left for page() to report.
  void prefetch_pages(const std::vector<std::string>& paths);

private:
  // What the memo knew is pointed to, not copied; what was parsed here is owned.
  std::map<std::string, const ModuleImports*> m_imports;
  std::map<std::string, const PageRefs*> m_pages;
  std::map<std::string, ModuleImports> m_own_imports;
  std::map<std::string, PageRefs> m_own_pages;
};

// Collects one route's files: URLs through the UrlMap, JS closed over its static
// imports; each file once.
class RouteCollector {
public:
  RouteCollector(const UrlMap& map, ModuleCache& modules) : m_map(map), m_modules(modules) {}

  // An HTML page at URL `page_url`: its refs, and their static imports.
  void add_html(const std::string& html_path, const std::string& page_url);
  // A URL the page loads; `close` follows a JS module's static imports.
  void add_url(const std::string& url, const std::string& via, bool close = true);
  // A file named by a manifest (already a closed set: no import scanning).
  void add_file(const std::string& path, const std::string& via);
  void add_lazy(const std::string& name);
  // Dynamic import()s of the collected JS that are not first-load files: lazy.
  void lazy_from_dynamic_imports();

  Route take(std::string name, std::string from, std::string note);

private:
  std::string asset_prefix_path(const std::string& url) const;

  const UrlMap& m_map;
  ModuleCache& m_modules;
  Route m_route;
  std::set<std::string> m_seen;
  std::set<std::string> m_lazy_seen;
  std::vector<std::pair<std::string, std::string>> m_js;  // path, url: for the dynamic imports
};

// Whether a file counts as first-load JS or CSS.
bool is_js_or_css(std::string_view path);

// Read a whole file; throws util::Error naming it.
std::string read_text(const std::string& path);

// Read a JSON file (or the JS value after `marker` in a JS file) as JsValue;
// throws util::Error naming it when it is not one.
JsValue read_data_file(const std::string& path, std::string_view marker = {});

// "index.html" -> "/", "blog/index.html" -> "/blog", "about.html" -> "/about.html".
std::string route_of_html(const std::string& relative);

// What a folder given with --build holds (recognise.cpp): which reader, and the
// folder that reader takes. Throws util::Error for a server build, naming the
// client folder.
struct Located {
  enum class Kind { none, next, sveltekit, nuxt, react_router, angular, html } kind = Kind::none;
  fs::path path;
  std::string framework;
};
Located locate(const fs::path& dir, const std::string& given);

// The readers, one per framework (next.cpp, sveltekit.cpp, ...). Each takes
// the folder as found by recognise.cpp and throws util::Error naming the file
// and the problem.
Build read_next(const fs::path& dot_next, const std::string& given);
Build read_sveltekit(const fs::path& dot_svelte_kit, const std::string& given);
Build read_nuxt(const fs::path& root, const std::string& given);
Build read_react_router(const fs::path& build, const std::string& given);
Build read_angular(const fs::path& dist, const std::string& given);
// Every *.html under `root` (or the files `pages` names), each a route.
Build read_html_pages(const fs::path& root, const std::vector<std::string>& pages, const std::string& framework,
                      const std::string& given);

}  // namespace sources::routes
