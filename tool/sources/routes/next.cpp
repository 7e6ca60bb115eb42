// Next.js 13-16 (.next): Pages Router routes from build-manifest.json, App
// Router routes from their prerendered HTML, else from the manifests.
//
// Pages Router: pages["/_app"] + pages[route] + lowPriorityFiles, without the
// nomodule polyfills: exactly what `next build` prints as First Load JS (plus
// the CSS, which it leaves out).
// App Router: the manifests do not say it exactly (app-build-manifest.json
// counts a layout's own entry chunk the browser never loads, and misses chunks
// React's client-reference manifest assigns elsewhere), so a prerendered route
// is read from the HTML Next wrote for it (server/app/<path>.html), which names
// every script and stylesheet. A route rendered per request has no HTML: it is
// read from the client reference manifest's entryJSFiles (Turbopack, exact) or
// app-build-manifest.json (webpack, approximate, and said so).
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace sources::routes {

namespace {

std::vector<std::string> strings_at(const JsValue& v, std::string_view key) {
  const JsValue* f = v.get(key);
  return f ? f->strings() : std::vector<std::string>{};
}

// "/(shop)/cart/@modal/page" -> "/cart": groups and parallel slots are not in the URL.
std::string route_of_app_path(std::string key) {
  for (std::string_view leaf : {"/page", "/route"}) {
    if (util::ends_with(key, leaf)) key.resize(key.size() - leaf.size());
  }
  std::string out;
  std::size_t i = 1;
  while (i <= key.size()) {
    const std::size_t j = std::min(key.find('/', i), key.size());
    const std::string seg = key.substr(i, j - i);
    const bool hidden = seg.empty() || (seg.front() == '(' && seg.back() == ')') || seg.front() == '@';
    if (!hidden) out += "/" + seg;
    i = j + 1;
  }
  return out.empty() ? "/" : out;
}

// The layout chain of an app path key: "/blog/[slug]/page" -> "/layout",
// "/blog/layout", "/blog/[slug]/layout", then the page itself.
std::vector<std::string> chain_of(const std::string& page_key) {
  std::vector<std::string> out{"/layout"};
  const std::string dir = page_key.substr(0, page_key.rfind('/'));
  std::size_t i = 1;
  while (i < dir.size()) {
    const std::size_t j = std::min(dir.find('/', i), dir.size());
    out.push_back(dir.substr(0, j) + "/layout");
    i = j + 1;
  }
  out.push_back(page_key);
  return out;
}

void pages_router(const fs::path& dot_next, const JsValue& manifest, Build& build) {
  const JsValue* pages = manifest.get("pages");
  if (!pages || pages->kind != JsValue::Kind::object) return;
  const std::vector<std::string> polyfills = strings_at(manifest, "polyfillFiles");
  const std::vector<std::string> low = strings_at(manifest, "lowPriorityFiles");
  const std::vector<std::string> app = pages->get("/_app") ? pages->get("/_app")->strings() : std::vector<std::string>{};
  const std::string from = (dot_next / "build-manifest.json").string();
  UrlMap none;
  ModuleCache modules;
  for (const auto& [route, files] : pages->fields) {
    if (route == "/_app" || route == "/_error" || route == "/_document") continue;
    RouteCollector collect(none, modules);
    for (const std::vector<std::string>* list : {&app, static_cast<const std::vector<std::string>*>(nullptr), &low}) {
      const std::vector<std::string> names = list ? *list : files.strings();
      for (const auto& f : names) {
        if (std::find(polyfills.begin(), polyfills.end(), f) != polyfills.end()) continue;  // nomodule
        if (!is_js_or_css(f)) continue;
        collect.add_file((dot_next / f).lexically_normal().string(), "manifest");
      }
    }
    build.routes.push_back(collect.take(route, from, "build-manifest.json: /_app + page + lowPriorityFiles"));
  }
}

// The files a Turbopack client reference manifest lists for the route's layouts and page.
bool from_client_reference_manifest(const fs::path& dot_next, const std::string& key, RouteCollector& collect,
                                    std::string& from) {
  const std::string dir = key.substr(0, key.rfind('/'));
  const fs::path file = dot_next / "server" / "app" / (dir.substr(1) + (dir.size() > 1 ? "/" : "")) /
                        "page_client-reference-manifest.js";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return false;
  const JsEnv env = read_js_declarations(read_text(file.string()));
  const JsValue* manifest = nullptr;
  for (const auto& [name, value] : env) {
    if (value.get("entryJSFiles") || value.get("entryCSSFiles")) manifest = &value;
  }
  if (!manifest) {
    // Next 15 writes the object literal itself: globalThis.__RSC_MANIFEST["/page"] = {...}.
    static thread_local JsValue literal;
    literal = read_data_file(file.string(), "] = ");
    manifest = &literal;
  }
  const JsValue* js = manifest->get("entryJSFiles");
  const JsValue* css = manifest->get("entryCSSFiles");
  if (!js) return false;  // webpack builds write only the CSS
  std::vector<std::string> suffixes;
  for (const auto& c : chain_of(key)) suffixes.push_back("app" + c);
  auto wanted = [&](const std::string& k) {
    if (k.find("node_modules") != std::string::npos) return false;
    return std::any_of(suffixes.begin(), suffixes.end(), [&](const std::string& s) {
      return util::ends_with(k, "/" + s) || k == s;
    });
  };
  for (const auto& suffix : suffixes) {
    for (const JsValue* group : {css, js}) {
      if (!group) continue;
      for (const auto& [k, files] : group->fields) {
        if (!wanted(k) || !util::ends_with(k, "/" + suffix)) continue;
        for (const auto& item : files.items) {
          std::string f = item.kind == JsValue::Kind::string ? item.text
                          : item.get("path") && item.get("path")->is_string() ? item.get("path")->text
                                                                              : std::string();
          const JsValue* inlined = item.get("inlined");
          if (f.empty() || (inlined && inlined->kind == JsValue::Kind::boolean && inlined->boolean)) continue;
          if (util::starts_with(f, "/_next/")) f = f.substr(7);
          collect.add_file((dot_next / f).lexically_normal().string(), "manifest");
        }
      }
    }
  }
  from = file.string();
  return true;
}

void app_router(const fs::path& dot_next, const JsValue& manifest, Build& build) {
  std::error_code ec;
  // The route keys: app-path-routes-manifest.json (Next 14+) or the server's app-paths-manifest.json.
  std::vector<std::string> keys;
  for (const fs::path& p : {dot_next / "app-path-routes-manifest.json", dot_next / "server" / "app-paths-manifest.json"}) {
    if (!fs::is_regular_file(p, ec)) continue;
    for (const auto& [k, v] : read_data_file(p.string()).fields) keys.push_back(k);
    build.read.push_back(p.string());
    break;
  }
  if (keys.empty()) return;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  // Prerendered instances of each route: prerender-manifest.json's routes, by srcRoute.
  std::map<std::string, std::vector<std::string>> instances;
  const fs::path prerender = dot_next / "prerender-manifest.json";
  if (fs::is_regular_file(prerender, ec)) {
    const JsValue pm = read_data_file(prerender.string());
    if (const JsValue* routes = pm.get("routes")) {
      for (const auto& [url, info] : routes->fields) {
        const JsValue* src = info.get("srcRoute");
        instances[src && src->is_string() ? src->text : url].push_back(url);
      }
    }
    build.read.push_back(prerender.string());
  }
  std::string base_path;
  const fs::path routes_manifest = dot_next / "routes-manifest.json";
  if (fs::is_regular_file(routes_manifest, ec)) {
    const JsValue rm = read_data_file(routes_manifest.string());
    if (const JsValue* b = rm.get("basePath"); b && b->is_string()) base_path = b->text;
  }
  UrlMap map;
  map.add(base_path + "/_next/", dot_next.string());
  ModuleCache modules;
  const std::vector<std::string> root_main = strings_at(manifest, "rootMainFiles");
  JsValue app_build;
  const fs::path app_build_file = dot_next / "app-build-manifest.json";
  const bool has_app_build = fs::is_regular_file(app_build_file, ec);
  if (has_app_build) app_build = read_data_file(app_build_file.string());

  // The prerendered pages, parsed on every core before the routes are put together.
  {
    std::vector<std::string> pages;
    for (auto& [route, urls] : instances) {
      std::sort(urls.begin(), urls.end());  // the first prerendered instance stands for the route
      for (const auto& url : urls) {
        const fs::path p = dot_next / "server" / "app" / ((url == "/" ? std::string("/index") : url).substr(1) + ".html");
        if (fs::is_regular_file(p, ec)) {
          pages.push_back(p.string());
          break;
        }
      }
    }
    modules.prefetch_pages(pages);
  }
  for (const auto& key : keys) {
    if (!util::ends_with(key, "/page")) continue;  // route handlers (route.js) send no page
    const std::string route = route_of_app_path(key);
    if (route == "/_not-found" || route == "/_global-error") continue;
    RouteCollector collect(map, modules);
    auto it = instances.find(route);
    if (it != instances.end()) {
      std::vector<std::string> urls = it->second;
      std::sort(urls.begin(), urls.end());
      std::string html;
      for (const auto& url : urls) {
        const fs::path candidate = dot_next / "server" / "app" / ((url == "/" ? std::string("/index") : url).substr(1) + ".html");
        if (fs::is_regular_file(candidate, ec)) {
          html = candidate.string();
          collect.add_html(html, url);
          break;
        }
      }
      if (!html.empty()) {
        collect.lazy_from_dynamic_imports();
        std::string note = "its prerendered HTML";
        if (urls.size() > 1) note += " of " + urls.front() + " (1 of " + std::to_string(urls.size()) + " prerendered)";
        build.routes.push_back(collect.take(route, html, note));
        continue;
      }
    }
    // Rendered per request: from the manifests.
    for (const auto& f : root_main) collect.add_file((dot_next / f).lexically_normal().string(), "manifest");
    std::string from;
    if (from_client_reference_manifest(dot_next, key, collect, from)) {
      build.routes.push_back(collect.take(route, from, "rootMainFiles + client reference manifest"));
      continue;
    }
    if (has_app_build) {
      const JsValue* pages = app_build.get("pages");
      for (const auto& k : chain_of(key)) {
        const JsValue* files = pages ? pages->get(k) : nullptr;
        if (!files) continue;
        for (const auto& f : files->strings()) {
          if (is_js_or_css(f)) collect.add_file((dot_next / f).lexically_normal().string(), "manifest");
        }
      }
      build.routes.push_back(collect.take(route, app_build_file.string(),
                                          "approximate: not prerendered, from app-build-manifest.json (it also "
                                          "counts layouts' own entry chunks)"));
      continue;
    }
    throw util::Error(dot_next.string(), "route " + route + " is not prerendered and no manifest lists its files "
                                         "(no app-build-manifest.json or client reference manifest)");
  }
}

}  // namespace

Build read_next(const fs::path& dot_next, const std::string& given) {
  Build build;
  build.dir = given;
  const fs::path manifest_file = dot_next / "build-manifest.json";
  const JsValue manifest = read_data_file(manifest_file.string());
  build.read = {dot_next.string(), manifest_file.string()};
  build.root = dot_next.string();
  std::error_code ec;
  const bool pages = fs::is_regular_file(dot_next / "server" / "pages-manifest.json", ec);
  app_router(dot_next, manifest, build);
  const std::size_t app_routes = build.routes.size();
  if (pages) pages_router(dot_next, manifest, build);
  const bool turbopack = !strings_at(manifest, "rootMainFiles").empty() &&
                         !fs::is_regular_file(dot_next / "app-build-manifest.json", ec) && app_routes > 0;
  build.framework = app_routes && build.routes.size() > app_routes ? "Next.js (App and Pages Router)"
                    : app_routes ? (turbopack ? "Next.js (App Router, Turbopack)" : "Next.js (App Router)")
                                 : "Next.js (Pages Router)";
  if (build.routes.empty()) {
    throw util::Error(dot_next.string(), "is a Next.js build with no page route (build-manifest.json and the app "
                                         "paths manifests list none)");
  }
  return build;
}

}  // namespace sources::routes
