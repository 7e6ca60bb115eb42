// Angular 17-21. The application builder (esbuild) writes browser/index.html;
// the browser builder (webpack) writes index.html beside its chunks. A client
// app's first load is what index.html loads, closed over static imports:
// Angular's own "Initial total". Its lazy routes (loadComponent/loadChildren)
// are the build's other chunks, fetched by the router; which URL needs which
// is in the app's route table, not in the build, so they are listed, not
// counted. A prerendered build (outputMode static, or SSR with prerendering)
// has an HTML page per route, each read as its own route (html_pages.cpp).
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"
#include "util/walk.hpp"

#include <algorithm>
#include <set>

namespace sources::routes {

namespace {

// The bundles Angular's build table names, from `ng build --stats-json`'s stats.json:
// an esbuild metafile (outputs with an entryPoint: "src/app/blog/blog.routes.ts" is
// "blog-routes", "angular:polyfills:angular:polyfills" is "polyfills") or webpack
// stats (chunks with names and files).
std::map<std::string, std::vector<std::string>> bundle_names(const fs::path& dist, const fs::path& browser) {
  std::map<std::string, std::vector<std::string>> out;
  const fs::path stats = dist / "stats.json";
  std::error_code ec;
  if (!fs::is_regular_file(stats, ec)) return out;
  const JsValue root = read_data_file(stats.string());
  if (const JsValue* outputs = root.get("outputs")) {
    for (const auto& [file, o] : outputs->fields) {
      const JsValue* entry = o.get("entryPoint");
      if (!entry || !entry->is_string()) continue;
      std::string name = entry->text;
      if (util::starts_with(name, "angular:")) {
        name = name.substr(name.rfind(':') + 1);
      } else {
        name = fs::path(name).stem().string();
        std::replace(name.begin(), name.end(), '.', '-');
      }
      out[name].push_back((browser / file).lexically_normal().string());
    }
  } else if (const JsValue* chunks = root.get("chunks")) {
    for (const auto& c : chunks->items) {
      const JsValue* files = c.get("files");
      const JsValue* names = c.get("names");
      if (!files || !names) continue;
      for (const auto& n : names->strings()) {
        for (const auto& f : files->strings()) {
          if (!util::ends_with(f, ".map")) out[n].push_back((browser / f).lexically_normal().string());
        }
      }
    }
  }
  return out;
}

}  // namespace

Build read_angular(const fs::path& dist, const std::string& given) {
  std::error_code ec;
  const fs::path browser = fs::is_directory(dist / "browser", ec) ? dist / "browser" : dist;
  // Prerendered pages: every index.html but the client-only shell (index.csr.html).
  std::vector<std::string> pages;
  const util::WalkResult walk = util::walk_files(browser.string());
  if (!walk.error.empty()) throw util::Error(browser.string(), walk.error);
  for (const auto& f : walk.files) {
    if (util::ends_with(f, "/index.html")) pages.push_back(f);
  }
  // What angular.json's budgets count: the client-side initial files (the shell
  // index.csr.html of a prerendered build, else index.html) and every JS/CSS file.
  Build::Angular angular;
  {
    fs::path shell = browser / "index.csr.html";
    if (!fs::is_regular_file(shell, ec)) shell = browser / "index.html";
    if (fs::is_regular_file(shell, ec)) {
      UrlMap map;
      map.add("/", browser.string());
      ModuleCache modules;
      RouteCollector collect(map, modules);
      collect.add_html(shell.string(), "/index.html");
      for (const auto& f : collect.take("", "", "").files) angular.initial.push_back(f.path);
    }
    for (const auto& f : walk.files) {
      // The webpack builder counts every asset webpack emitted: its licence file too.
      const bool licences = browser == dist && fs::path(f).filename() == "3rdpartylicenses.txt";
      if (is_js_or_css(f) || licences) angular.files.push_back(fs::path(f).lexically_normal().string());
    }
    // Only the browser build's files: an SSR build's stats name its server chunks too.
    const std::set<std::string> browser_files(angular.files.begin(), angular.files.end());
    for (auto& [name, files] : bundle_names(dist, browser)) {
      std::erase_if(files, [&](const std::string& f) { return !browser_files.count(f); });
      if (!files.empty()) angular.bundles[name] = std::move(files);
    }
  }
  if (pages.size() > 1) {
    Build b = read_html_pages(browser, pages, "Angular (prerendered)", given);
    b.read.push_back(dist.string());
    b.angular = std::move(angular);
    return b;
  }
  fs::path index = browser / "index.html";
  if (!fs::is_regular_file(index, ec)) index = browser / "index.csr.html";
  Build build;
  build.framework = browser == dist ? "Angular (browser builder)" : "Angular (application builder)";
  build.dir = given;
  build.read = {dist.string(), index.string()};
  build.root = browser.string();
  UrlMap map;
  map.add("/", browser.string());
  ModuleCache modules;
  RouteCollector collect(map, modules);
  collect.add_html(index.string(), "/index.html");
  // Every other JS/CSS file of the build: lazy routes and their chunks.
  std::set<std::string> initial;
  Route probe = collect.take("/", index.string(), "");
  for (const auto& f : probe.files) initial.insert(f.path);
  for (const auto& f : walk.files) {
    if (is_js_or_css(f) && !initial.count(fs::path(f).lexically_normal().string())) probe.lazy.push_back(f);
  }
  probe.note = "initial files (Angular's Initial total); every route adds its lazy chunk, listed";
  build.routes.push_back(std::move(probe));
  build.angular = std::move(angular);
  return build;
}

}  // namespace sources::routes
