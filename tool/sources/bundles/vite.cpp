// A Vite (or Rollup) manifest.json (`build.manifest: true`): each entry chunk's file,
// its static imports' files and their CSS, @vitejs/plugin-legacy's nomodule entries
// with their polyfills.
#include "sources/bundles/formats.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace sources::bundles {

bool ViteManifest::is_css(const std::string& file) { return util::ends_with(file, ".css"); }

void ViteManifest::take(std::string key, object chunk) {
  Chunk c;
  util::json::UniqueKeys keys(key);
  for (auto field : chunk) {
    const std::string_view k = field.unescaped_key();
    keys.add(k);
    m_context = key + "." + std::string(k);
    if (k == "file") c.file = str(field.value());
    else if (k == "name") c.name = str(field.value());
    else if (k == "isEntry") c.is_entry = field.value().get_bool();
    else if (k == "imports") read_strings(field.value(), c.imports);
    else if (k == "dynamicImports") read_strings(field.value(), c.dynamic_imports);
    else if (k == "css") read_strings(field.value(), c.css);
  }
  if (!c.file.empty()) m_chunks.emplace(std::move(key), std::move(c));
}


// A manifest a route framework writes on Vite: its entries are modules (a
// SvelteKit node, a React Router route module, Nuxt's entry), not pages, so
// measuring them as entrypoints would miss the runtime every route loads; and
// a server build's manifest names no browser file at all. Either is refused,
// naming the reader that measures routes.
void ViteManifest::refuse_framework_manifest() const {
  for (const auto& [key, chunk] : m_chunks) {
    if (util::starts_with(key, ".svelte-kit/generated/server/")) {
      throw util::Error("", "is SvelteKit's server manifest: no browser file is in it (the client build is "
                            ".svelte-kit/output/client); give --build .svelte-kit for each route's first load");
    }
    if (util::starts_with(key, ".svelte-kit/generated/client")) {
      throw util::Error("", "is SvelteKit's client manifest, whose entries are modules, not routes; give "
                            "--build .svelte-kit for each route's first load");
    }
    if (key == "virtual:react-router/server-build") {
      throw util::Error("", "is React Router's server manifest: no browser file is in it (the client build is "
                            "build/client); give --build build for each route's first load");
    }
    if (key.find("?__react-router-build-client-route") != std::string::npos) {
      throw util::Error("", "is React Router's client manifest, whose entries are route modules; give "
                            "--build build for each route's first load");
    }
    if (key.find("node_modules/nuxt/dist/app/entry") != std::string::npos) {
      throw util::Error("", "is Nuxt's client manifest, whose entries are modules; give --build with the project "
                            "folder (or .output) for each route's first load");
    }
  }
}

void ViteManifest::finish(BundleStats& out) {
  refuse_framework_manifest();
  out.kind = "vite";
  // Entries are keyed by their source path; the short `name` is shown only where it
  // is unique (app.js + app.css, plugin-legacy's modern and legacy entries, and a
  // multi-page app's index.html inputs share names).
  std::map<std::string, int> names;
  for (const auto& [key, chunk] : m_chunks) {
    if (chunk.is_entry && !chunk.name.empty()) ++names[chunk.name];
  }
  // @vitejs/plugin-legacy (Vite 4-8) adds, for every entry "X.ext", an entry
  // "X-legacy.ext" that browsers without modules load instead, after its polyfills
  // entry "vite/legacy-polyfills-legacy"; the page's CSS (listed only on the modern
  // entry) is loaded by both. With modernPolyfills, "vite/legacy-polyfills" goes
  // before every modern entry. The polyfills are part of each page, not pages.
  const bool legacy_polyfills = m_chunks.count(k_legacy_polyfills) > 0;
  for (const auto& [key, chunk] : m_chunks) {
    if (!chunk.is_entry) continue;
    if (key == k_legacy_polyfills || key == k_modern_polyfills) continue;
    BundleEntrypoint e;
    e.name = chunk.name.empty() || names[chunk.name] > 1 ? key : chunk.name;
    // (Polyfills can be turned off: then the legacy files' own "-legacy" names say it.)
    const std::string modern = modern_counterpart(key);
    e.legacy = !modern.empty() && (legacy_polyfills || chunk.file.find("-legacy") != std::string::npos);
    std::set<std::string> seen;
    collect(e.legacy ? k_legacy_polyfills : std::string(k_modern_polyfills), seen, e.initial);
    collect(key, seen, e.initial);
    if (e.legacy) {
      std::set<std::string> modern_seen;
      std::vector<std::string> modern_files;
      collect(modern, modern_seen, modern_files);
      for (const auto& f : modern_files) {
        if (is_css(f) && std::find(e.initial.begin(), e.initial.end(), f) == e.initial.end()) e.initial.push_back(f);
      }
    }
    std::set<std::string> async_seen = seen;
    for (const auto& d : chunk.dynamic_imports) collect(d, async_seen, e.async);
    // A chunk can be imported both ways: it is initial then.
    std::erase_if(e.async, [&](const std::string& f) {
      return std::find(e.initial.begin(), e.initial.end(), f) != e.initial.end();
    });
    out.entrypoints.push_back(std::move(e));
  }
}


// "index-legacy.html" -> "index.html" when that is an entry too, else "".
std::string ViteManifest::modern_counterpart(const std::string& key) const {
  const std::size_t slash = key.rfind('/');
  const std::size_t dot = key.rfind('.');
  const std::size_t stem_end = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? key.size() : dot;
  constexpr std::string_view suffix = "-legacy";
  if (stem_end < suffix.size() || key.compare(stem_end - suffix.size(), suffix.size(), suffix) != 0) return {};
  std::string modern = key.substr(0, stem_end - suffix.size()) + key.substr(stem_end);
  auto it = m_chunks.find(modern);
  return it != m_chunks.end() && it->second.is_entry ? modern : std::string();
}


void ViteManifest::collect(const std::string& key, std::set<std::string>& seen, std::vector<std::string>& files) {
  auto it = m_chunks.find(key);
  if (it == m_chunks.end() || !seen.insert(key).second) return;
  const Chunk& c = it->second;
  if (is_initial_asset(c.file)) files.push_back(c.file);
  for (const auto& css : c.css) {
    if (std::find(files.begin(), files.end(), css) == files.end()) files.push_back(css);
  }
  for (const auto& imp : c.imports) collect(imp, seen, files);
}

}  // namespace sources::bundles
