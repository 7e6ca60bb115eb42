// An esbuild metafile (`--metafile=meta.json`): each output with an entryPoint, its
// static imports and cssBundle; import() targets (with --splitting) are loaded later.
#include "sources/bundles/formats.hpp"

#include "util/json.hpp"
#include "util/strings.hpp"

namespace sources::bundles {

bool EsbuildMetafile::take(std::string_view key, value v, int depth) {
  if (depth != 0) return false;
  if (key == "outputs") {
    m_seen = true;
    read_outputs(v.get_object());
  } else if (key == "inputs") {
    m_seen = true;
  } else {
    return false;
  }
  return true;
}

void EsbuildMetafile::finish(BundleStats& out) {
  out.kind = "esbuild";
  // With --splitting, an import() target is an output with an entryPoint too; it
  // is loaded later, not an entrypoint of the app.
  std::set<std::string> dynamic_targets;
  for (const auto& [path, output] : m_outputs) {
    dynamic_targets.insert(output.dynamic_imports.begin(), output.dynamic_imports.end());
  }
  // A CSS output that a JS entry names as its cssBundle is measured with that
  // entry; any other CSS output with an entry point is an entrypoint of its own.
  std::set<std::string> css_bundles;
  for (const auto& [path, output] : m_outputs) {
    if (!output.css_bundle.empty()) css_bundles.insert(output.css_bundle);
  }
  for (const auto& [path, output] : m_outputs) {
    if (output.entry_point.empty() || !is_initial_asset(path)) continue;
    if (util::ends_with(path, ".css") && css_bundles.count(path)) continue;
    if (dynamic_targets.count(path)) continue;
    BundleEntrypoint e;
    e.name = output.entry_point;
    std::set<std::string> seen;
    collect(path, seen, e.initial);
    for (const auto& d : output.dynamic_imports) {
      if (!seen.count(d)) e.async.push_back(d);
    }
    out.entrypoints.push_back(std::move(e));
  }
}


void EsbuildMetafile::read_outputs(object outputs) {
  util::json::UniqueKeys paths("outputs");
  for (auto field : outputs) {
    const std::string_view key = field.unescaped_key();
    paths.add(key);
    const std::string path(key);
    Output out;
    util::json::UniqueKeys keys("outputs." + path);
    for (auto inner : field.value().get_object()) {
      const std::string_view k = inner.unescaped_key();
      keys.add(k);
      m_context = "outputs." + path + "." + std::string(k);
      if (k == "entryPoint") {
        out.entry_point = str(inner.value());
      } else if (k == "cssBundle") {
        out.css_bundle = str(inner.value());
      } else if (k == "imports") {
        for (value imp : inner.value().get_array()) {
          std::string import_path, kind;
          bool external = false;
          for (auto f : imp.get_object()) {
            const std::string_view ik = f.unescaped_key();
            if (ik == "path") import_path = str(f.value());
            else if (ik == "kind") kind = str(f.value());
            else if (ik == "external") external = f.value().get_bool();
          }
          if (external) continue;
          (kind == "dynamic-import" ? out.dynamic_imports : out.static_imports).push_back(import_path);
        }
      }
    }
    m_outputs.emplace(path, std::move(out));
  }
}


void EsbuildMetafile::collect(const std::string& path, std::set<std::string>& seen, std::vector<std::string>& files) {
  if (!seen.insert(path).second) return;
  // A file-loader output (a PNG or font a JS file imports) is not JS or CSS to count.
  if (!is_initial_asset(path)) return;
  files.push_back(path);
  auto it = m_outputs.find(path);
  if (it == m_outputs.end()) return;
  if (!it->second.css_bundle.empty() && seen.insert(it->second.css_bundle).second) {
    files.push_back(it->second.css_bundle);
  }
  for (const auto& imp : it->second.static_imports) collect(imp, seen, files);
}

}  // namespace sources::bundles
