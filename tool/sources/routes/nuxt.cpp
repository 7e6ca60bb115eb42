// Nuxt 3/4: the client manifest Nuxt keeps (client.manifest.mjs: Vite's
// manifest as a JS module, keyed by source path) and the files in
// .output/public/_nuxt. A route is the entry (isEntry) and each page component
// of its chain (pages/blog.vue, then pages/blog/[slug].vue), each with its
// imports and CSS. A page's own CSS is not in the manifest (its `css` is []):
// the router loads it with the page chunk through Vite's preload list
// (`import("./page.js"),__vite__mapDeps([i,j])` in the entry), read here.
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

namespace sources::routes {

namespace {

// "pages/blog/[slug].vue" -> "/blog/[slug]", "pages/index.vue" -> "/".
std::string route_of_page(const std::string& page) {
  std::string r = page.substr(5, page.size() - 5 - 4);  // drop "pages" and ".vue"
  if (r == "/index") return "/";
  if (util::ends_with(r, "/index")) r.resize(r.size() - 6);
  return r;
}

}  // namespace

Build read_nuxt(const fs::path& root, const std::string& given) {
  Build build;
  build.framework = "Nuxt";
  build.dir = given;
  std::error_code ec;
  fs::path manifest;
  // client.manifest.mjs is Vite's manifest; what Nitro keeps in .output is the same
  // entries pre-resolved per module (client.precomputed.mjs).
  for (const fs::path& p : {root / ".nuxt/dist/server/client.manifest.mjs", root / ".output/server/chunks/build/client.manifest.mjs",
                           root / "server/chunks/build/client.manifest.mjs",
                           root / ".output/server/chunks/build/client.precomputed.mjs",
                           root / "server/chunks/build/client.precomputed.mjs"}) {
    if (fs::is_regular_file(p, ec)) {
      manifest = p;
      break;
    }
  }
  fs::path public_dir = fs::is_directory(root / ".output/public/_nuxt", ec) ? root / ".output/public/_nuxt" : root / "public/_nuxt";
  if (manifest.empty()) {
    throw util::Error(given, "is a Nuxt build without its client manifest (.nuxt/dist/server/client.manifest.mjs or "
                             ".output/server/chunks/build/client.precomputed.mjs)");
  }
  const bool precomputed = manifest.filename() == "client.precomputed.mjs";
  JsValue m = read_data_file(manifest.string(), precomputed ? "=>" : "export default");
  if (precomputed) {
    // {dependencies: {module: {scripts, styles, preload, prefetch: {key: entry}}}}: every
    // entry named anywhere, by its key, is the manifest.
    JsValue flat;
    flat.kind = JsValue::Kind::object;
    std::set<std::string> seen;
    if (const JsValue* deps = m.get("dependencies")) {
      for (const auto& [module, groups] : deps->fields) {
        for (const auto& [group, entries] : groups.fields) {
          for (const auto& [key, entry] : entries.fields) {
            if (entry.kind == JsValue::Kind::object && entry.get("file") && seen.insert(key).second) flat.fields.push_back({key, entry});
          }
        }
      }
    }
    if (flat.fields.empty()) throw util::Error(manifest.string(), "has no dependencies perfgate can read");
    m = std::move(flat);
  }
  build.read = {root.string(), manifest.string(), public_dir.string()};
  build.root = public_dir.string();

  // Vite's preload lists: the deps array and, per dynamically imported chunk, its indexes.
  std::map<std::string, std::vector<std::string>> preload;
  std::string entry_key;
  for (const auto& [key, e] : m.fields) {
    if (const JsValue* is = e.get("isEntry"); is && is->kind == JsValue::Kind::boolean && is->boolean) entry_key = key;
  }
  if (entry_key.empty()) throw util::Error(manifest.string(), "has no entry (isEntry)");
  auto file_of = [&](const std::string& key) {
    const JsValue* e = m.get(key);
    const JsValue* f = e ? e->get("file") : nullptr;
    return f && f->is_string() ? f->text : std::string();
  };
  {
    const fs::path entry_file = public_dir / file_of(entry_key);
    std::string js;
    try {
      js = read_text(entry_file.string());
    } catch (const util::Error&) {
      // Reported when the file is sized.
    }
    std::size_t pos = after(js, "m.f=");
    if (pos != std::string::npos) {
      std::vector<std::string> deps;
      try {
        deps = parse_js_value(js, pos).strings();
      } catch (const std::runtime_error&) {
      }
      static const std::regex call(R"re(import\("\./([^"]+)"\),__vite__mapDeps\(\[([0-9,]*)\]\))re");
      for (auto it = std::sregex_iterator(js.begin(), js.end(), call); it != std::sregex_iterator(); ++it) {
        std::vector<std::string>& list = preload[(*it)[1].str()];
        const std::string idx = (*it)[2].str();
        std::size_t i = 0;
        while (i < idx.size()) {
          const std::size_t j = std::min(idx.find(',', i), idx.size());
          const std::size_t n = std::stoul(idx.substr(i, j - i));
          if (n < deps.size() && util::starts_with(deps[n], "./")) list.push_back(deps[n].substr(2));
          i = j + 1;
        }
      }
    }
  }

  std::vector<std::string> pages;
  for (const auto& [key, e] : m.fields) {
    const auto at = key.rfind("pages/", 0) == 0 ? 0 : key.find("/pages/");
    if (at == std::string::npos || !util::ends_with(key, ".vue") || key.find("node_modules") != std::string::npos) continue;
    pages.push_back(key.substr(at == 0 ? 0 : at + 1));
  }
  std::sort(pages.begin(), pages.end());
  auto key_of = [&](const std::string& page) -> std::string {
    for (const auto& [key, e] : m.fields) {
      if (key == page || util::ends_with(key, "/" + page)) return key;
    }
    return {};
  };
  auto has = [&](const std::string& page) { return std::binary_search(pages.begin(), pages.end(), page); };

  UrlMap none;
  ModuleCache modules;
  for (const auto& page : pages) {
    const std::string stem = page.substr(0, page.size() - 4);  // pages/blog
    const bool parent = std::any_of(pages.begin(), pages.end(), [&](const std::string& p) { return util::starts_with(p, stem + "/"); });
    if (parent && has(stem + "/index.vue")) continue;  // its index child is the route
    std::vector<std::string> chain;
    for (std::size_t i = 6; (i = page.find('/', i)) != std::string::npos; ++i) {
      const std::string ancestor = page.substr(0, i) + ".vue";
      if (has(ancestor)) chain.push_back(ancestor);
    }
    chain.push_back(page);
    RouteCollector collect(none, modules);
    std::set<std::string> visited;
    std::function<void(const std::string&)> walk = [&](const std::string& key) {
      if (!visited.insert(key).second) return;
      const JsValue* e = m.get(key);
      if (!e) return;
      if (const JsValue* css = e->get("css")) {
        for (const auto& c : css->strings()) collect.add_file((public_dir / c).lexically_normal().string(), "manifest");
      }
      const std::string file = file_of(key);
      if (!file.empty()) collect.add_file((public_dir / file).lexically_normal().string(), "manifest");
      if (const JsValue* imports = e->get("imports")) {
        for (const auto& i : imports->strings()) walk(i);
      }
      for (const auto& dep : preload[file]) collect.add_file((public_dir / dep).lexically_normal().string(), "router");
    };
    walk(entry_key);
    for (const auto& c : chain) walk(key_of(c));
    build.routes.push_back(collect.take(route_of_page(page), manifest.string(), "entry + page components (client manifest)"));
  }
  if (build.routes.empty()) throw util::Error(manifest.string(), "has no page component (pages/*.vue)");
  return build;
}

}  // namespace sources::routes
