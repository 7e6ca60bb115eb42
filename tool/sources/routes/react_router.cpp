// React Router 7 framework mode / Remix 2 (build/client/assets/manifest-<hash>.js,
// `window.__reactRouterManifest={...}`, Remix's `window.__remixManifest={...}`): a route loads the entry (entry.client
// and its imports), then for each route of its match chain (root, layouts, the
// leaf) its module, imports and CSS. The manifest file itself is not loaded on
// a first visit (the server inlines it), so it is not counted.
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sources::routes {

Build read_react_router(const fs::path& build_dir, const std::string& given) {
  Build build;
  build.framework = "React Router";
  build.dir = given;
  const fs::path client = fs::is_directory(build_dir / "client") ? build_dir / "client" : build_dir;
  std::vector<fs::path> manifests;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(client / "assets", ec)) {
    const std::string name = e.path().filename().string();
    if (util::starts_with(name, "manifest-") && util::ends_with(name, ".js")) manifests.push_back(e.path());
  }
  if (manifests.empty()) throw util::Error((client / "assets").string(), "has no manifest-<hash>.js (React Router's route manifest)");
  if (manifests.size() > 1) {
    std::sort(manifests.begin(), manifests.end());
    throw util::Error((client / "assets").string(), "has " + std::to_string(manifests.size()) + " route manifests (" +
                                                         manifests[0].filename().string() + ", " + manifests[1].filename().string() +
                                                         "): files of an older build are mixed in; build into an empty folder");
  }
  const std::string file = manifests.front().string();
  // React Router 7 names it __reactRouterManifest, Remix 2 __remixManifest.
  const std::string head = read_text(file).substr(0, 64);
  const JsValue m = read_data_file(file, head.find("__remixManifest") != std::string::npos ? "__remixManifest=" : "__reactRouterManifest=");
  build.read = {build_dir.string(), file};
  build.root = client.string();
  const JsValue* entry = m.get("entry");
  const JsValue* routes = m.get("routes");
  if (!entry || !routes || routes->kind != JsValue::Kind::object) throw util::Error(file, "has no entry or routes");

  std::map<std::string, const JsValue*> by_id;
  std::set<std::string> parents;
  for (const auto& [id, r] : routes->fields) {
    by_id[id] = &r;
    if (const JsValue* p = r.get("parentId"); p && p->is_string()) parents.insert(p->text);
  }
  UrlMap map;
  map.add("/", client.string());
  ModuleCache modules;
  auto str = [](const JsValue* v, std::string_view key) {
    const JsValue* f = v ? v->get(key) : nullptr;
    return f && f->is_string() ? f->text : std::string();
  };
  std::vector<std::string> ids;
  for (const auto& [id, r] : routes->fields) {
    if (parents.count(id)) continue;  // a layout: its children are the routes
    std::vector<const JsValue*> chain;
    for (const JsValue* at = &r; at; at = by_id.count(str(at, "parentId")) ? by_id[str(at, "parentId")] : nullptr) {
      chain.insert(chain.begin(), at);
      if (chain.size() > by_id.size()) throw util::Error(file, "route " + id + " has a parentId loop");
    }
    std::string url;
    for (const JsValue* c : chain) {
      std::string p = str(c, "path");
      while (!p.empty() && p.front() == '/') p.erase(p.begin());
      while (!p.empty() && p.back() == '/') p.pop_back();
      if (!p.empty()) url += "/" + p;
    }
    if (url.empty()) url = "/";
    RouteCollector collect(map, modules);
    auto add_entry = [&](const JsValue* e) {
      const std::string module = str(e, "module");
      if (!module.empty()) collect.add_url(module, "manifest", false);
      for (const char* list : {"imports", "css"}) {
        if (const JsValue* l = e->get(list)) {
          for (const auto& u : l->strings()) collect.add_url(u, "manifest", false);
        }
      }
    };
    add_entry(entry);
    for (const JsValue* c : chain) add_entry(c);
    build.routes.push_back(collect.take(url, file, "entry + route chain (route manifest)"));
    ids.push_back(id);
  }
  // Two leaves on one URL (a pathless layout's index beside another): both named with their id.
  std::map<std::string, int> count;
  for (const auto& r : build.routes) ++count[r.name];
  for (std::size_t i = 0; i < build.routes.size(); ++i) {
    if (count[build.routes[i].name] > 1) build.routes[i].name += " (" + ids[i] + ")";
  }
  std::stable_sort(build.routes.begin(), build.routes.end(), [](const Route& a, const Route& b) { return a.name < b.name; });
  return build;
}

}  // namespace sources::routes
