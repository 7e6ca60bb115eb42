// Built HTML as the reader of last resort and the universal one (--html, and
// --build for Astro, Parcel, Rollup, prerendered Angular, any static export):
// each page is a route; its scripts, stylesheets, modulepreloads and Astro
// islands, closed over their static imports, are what a first visit loads.
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"
#include "util/walk.hpp"

#include <algorithm>

namespace sources::routes {

// "index.html" -> "/", "blog/index.html" -> "/blog", "about.html" -> "/about.html".
std::string route_of_html(const std::string& relative) {
  std::string r = "/" + relative;
  if (r == "/index.html") return "/";
  if (util::ends_with(r, "/index.html")) return r.substr(0, r.size() - 11);
  return r;
}

// The folder, `start` or one of up to 8 above it, under which every root-relative
// URL of `page` is a file; `start` when there is none or no such URL.
fs::path site_root(const fs::path& start, const std::string& page) {
  PageRefs refs;
  try {
    refs = ModuleCache().page(page);
  } catch (const util::Error&) {
    return start;  // reported when the page is read again
  }
  std::vector<std::string> absolute;
  for (const auto& [url, via] : refs.loads) {
    if (url.size() > 1 && url[0] == '/' && url[1] != '/') absolute.push_back(url_to_file_path(url));
  }
  if (absolute.empty()) return start;
  std::error_code ec;
  fs::path at = fs::absolute(start, ec).lexically_normal();
  for (int up = 0; up <= 8; ++up) {
    const bool all = std::all_of(absolute.begin(), absolute.end(), [&](const std::string& u) {
      return fs::is_regular_file(at / u.substr(1), ec);
    });
    if (all) return up == 0 ? start : at;
    if (at == at.parent_path()) break;
    at = at.parent_path();
  }
  return start;
}

Build read_html_pages(const fs::path& root, const std::vector<std::string>& pages, const std::string& framework,
                      const std::string& given) {
  Build build;
  build.framework = framework;
  build.dir = given;
  std::vector<std::string> files = pages;
  if (files.empty()) {
    const util::WalkResult walk = util::walk_files(root.string());
    if (!walk.error.empty()) throw util::Error(root.string(), walk.error);
    for (const auto& f : walk.files) {
      if (util::ends_with(f, ".html")) files.push_back(f);
    }
  }
  if (files.empty()) {
    throw util::Error(given, "has no .html page, no framework manifest perfgate knows (Next.js, SvelteKit, Nuxt, "
                             "React Router, Angular) and so no route to measure; give the build's output folder");
  }
  // Pages given by name (--html): their root-relative URLs ("/_astro/x.js") say
  // where the site's root is, the glob's folder or one above it.
  fs::path site = root;
  if (!pages.empty()) site = site_root(root, files.front());
  UrlMap map;
  map.add("/", site.string());
  ModuleCache modules;
  modules.prefetch_pages(files);
  for (const auto& file : files) {
    const std::string rel = fs::path(file).lexically_relative(site).generic_string();
    if (rel.empty() || util::starts_with(rel, "..")) {
      throw util::Error(file, "is not under " + site.string() + ", the folder its URLs are read against");
    }
    RouteCollector collect(map, modules);
    collect.add_html(file, "/" + rel);
    collect.lazy_from_dynamic_imports();
    build.routes.push_back(collect.take(route_of_html(rel), file, "its HTML"));
    build.read.push_back(file);
  }
  build.read.push_back(site.string());
  build.root = site.string();
  return build;
}

}  // namespace sources::routes
