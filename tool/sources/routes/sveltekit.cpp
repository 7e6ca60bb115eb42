// SvelteKit (.svelte-kit/output): the server's manifest-full.js names every
// route with its layout and page nodes, and each server node (nodes/N.js)
// lists the client files that node needs (`imports`, `stylesheets`): a route
// loads the client's start + app entries and their imports, then each node of
// its chain. (The client's .vite/manifest.json says the same per module but not
// which nodes a route uses; the server manifest is needed either way.)
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <regex>

namespace sources::routes {

namespace {

// "/(app)/blog/[slug]" -> "/blog/[slug]": groups are not in the URL.
std::string route_without_groups(const std::string& id) {
  std::string out;
  std::size_t i = 1;
  while (i <= id.size()) {
    const std::size_t j = std::min(id.find('/', i), id.size());
    const std::string seg = id.substr(i, j - i);
    if (!seg.empty() && !(seg.front() == '(' && seg.back() == ')')) out += "/" + seg;
    i = j + 1;
  }
  return out.empty() ? "/" : out;
}

JsValue value_after(const std::string& text, std::string_view marker, const std::string& file) {
  std::size_t pos = after(text, marker);
  if (pos == std::string::npos) throw util::Error(file, "has no \"" + std::string(marker) + "\": not a SvelteKit manifest perfgate knows");
  try {
    return parse_js_value(text, pos);
  } catch (const std::runtime_error& e) {
    throw util::Error(file, "cannot be read after \"" + std::string(marker) + "\": " + e.what());
  }
}

}  // namespace

Build read_sveltekit(const fs::path& output, const std::string& given) {
  Build build;
  build.framework = "SvelteKit";
  build.dir = given;
  const fs::path server = output / "server";
  const fs::path client = output / "client";
  std::error_code ec;
  fs::path manifest = server / "manifest-full.js";
  if (!fs::is_regular_file(manifest, ec)) manifest = server / "manifest.js";
  const std::string text = read_text(manifest.string());
  build.read = {output.string(), manifest.string()};
  build.root = client.string();

  const JsValue client_info = value_after(text, "client:", manifest.string());
  const JsValue nodes = value_after(text, "nodes:", manifest.string());
  const JsValue routes = value_after(text, "routes:", manifest.string());
  if (routes.kind != JsValue::Kind::array || nodes.kind != JsValue::Kind::array) {
    throw util::Error(manifest.string(), "has no routes or nodes list perfgate can read");
  }
  // Each node's server module: `() => import('./nodes/3.js')`.
  static const std::regex node_file(R"(import\(\s*['"]\./(nodes/[^'"]+)['"]\s*\))");
  std::vector<std::string> node_files;
  for (const auto& n : nodes.items) {
    std::smatch m;
    node_files.push_back(std::regex_search(n.text, m, node_file) ? m[1].str() : std::string());
  }
  std::map<std::size_t, std::pair<std::vector<std::string>, std::vector<std::string>>> node_refs;  // imports, stylesheets
  auto refs_of = [&](std::size_t index) -> const std::pair<std::vector<std::string>, std::vector<std::string>>& {
    auto it = node_refs.find(index);
    if (it != node_refs.end()) return it->second;
    if (index >= node_files.size() || node_files[index].empty()) {
      throw util::Error(manifest.string(), "names node " + std::to_string(index) + ", which its nodes list does not have");
    }
    const fs::path file = server / node_files[index];
    const JsEnv env = read_js_declarations(read_text(file.string()));
    build.read.push_back(file.string());
    auto list = [&](const char* name) {
      auto f = env.find(name);
      return f == env.end() ? std::vector<std::string>{} : f->second.strings();
    };
    return node_refs[index] = {list("imports"), list("stylesheets")};
  };

  UrlMap none;
  ModuleCache modules;
  const std::vector<std::string> start_imports = client_info.get("imports") ? client_info.get("imports")->strings() : std::vector<std::string>{};
  const std::vector<std::string> start_css = client_info.get("stylesheets") ? client_info.get("stylesheets")->strings() : std::vector<std::string>{};
  for (const auto& r : routes.items) {
    const JsValue* id = r.get("id");
    const JsValue* page = r.get("page");
    if (!id || !id->is_string() || !page || page->kind != JsValue::Kind::object) continue;  // an endpoint (+server.js)
    RouteCollector collect(none, modules);
    auto add = [&](const std::vector<std::string>& files) {
      for (const auto& f : files) collect.add_file((client / f).lexically_normal().string(), "manifest");
    };
    add(start_css);
    add(start_imports);
    std::vector<std::size_t> chain;
    if (const JsValue* layouts = page->get("layouts")) {
      for (const auto& l : layouts->items) {
        if (l.kind == JsValue::Kind::number) chain.push_back(static_cast<std::size_t>(l.number));
      }
    }
    if (const JsValue* leaf = page->get("leaf"); leaf && leaf->kind == JsValue::Kind::number) {
      chain.push_back(static_cast<std::size_t>(leaf->number));
    }
    for (std::size_t n : chain) {
      const auto& [imports, css] = refs_of(n);
      add(css);
      add(imports);
    }
    build.routes.push_back(collect.take(route_without_groups(id->text), manifest.string(),
                                        "start + app + layout and page nodes (server manifest)"));
  }
  if (build.routes.empty()) throw util::Error(manifest.string(), "lists no page route");
  return build;
}

}  // namespace sources::routes
