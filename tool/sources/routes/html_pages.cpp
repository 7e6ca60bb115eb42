// Built HTML as the reader of last resort and the universal one (--html, and
// --build for Astro, Parcel, Rollup, prerendered Angular, any static export):
// each page is a route; its scripts, stylesheets, modulepreloads and Astro
// islands, closed over their static imports, are what a first visit loads.
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"
#include "util/walk.hpp"

namespace sources::routes {

// "index.html" -> "/", "blog/index.html" -> "/blog", "about.html" -> "/about.html".
std::string route_of_html(const std::string& relative) {
  std::string r = "/" + relative;
  if (r == "/index.html") return "/";
  if (util::ends_with(r, "/index.html")) return r.substr(0, r.size() - 11);
  return r;
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
  UrlMap map;
  map.add("/", root.string());
  ModuleCache modules;
  for (const auto& file : files) {
    const std::string rel = fs::path(file).lexically_relative(root).generic_string();
    if (rel.empty() || util::starts_with(rel, "..")) {
      throw util::Error(file, "is not under " + root.string() + ", the folder its URLs are read against");
    }
    RouteCollector collect(map, modules);
    collect.add_html(file, "/" + rel);
    collect.lazy_from_dynamic_imports();
    build.routes.push_back(collect.take(route_of_html(rel), file, "its HTML"));
    build.read.push_back(file);
  }
  build.read.push_back(root.string());
  return build;
}

}  // namespace sources::routes
