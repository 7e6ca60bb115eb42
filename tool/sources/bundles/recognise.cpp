// Which bundle format a stats file is, in one pass over its top level: each key is offered
// to the formats in this order — webpack's keys, esbuild's, and any other object at the
// top is a Vite manifest chunk — the family's one recognition table. A file that is
// none of them gets one message naming all three and how to write each.
#include "sources/bundles/formats.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

namespace sources {

bool is_initial_asset(const std::string& file) {
  if (file.find(".hot-update.") != std::string::npos) return false;
  const bool js = util::ends_with(file, ".js") || util::ends_with(file, ".mjs") || util::ends_with(file, ".cjs");
  return js || util::ends_with(file, ".css");
}

std::string asset_file(std::string_view name) {
  return std::string(name.substr(0, name.find('?')));
}

namespace bundles {

std::string str(value v) { return util::json::get_string(v); }

void read_strings(value v, std::vector<std::string>& out) {
  for (value s : v.get_array()) out.push_back(str(s));
}

}  // namespace bundles

namespace {

using namespace bundles;

// One stats object (the document, or a multi-compiler child) read by every format.
class Reader {
public:
  explicit Reader(std::string& context) : m_context(context), m_webpack(context), m_vite(context), m_esbuild(context) {}

  void read(object root, BundleStats& out, int depth) {
    util::json::UniqueKeys keys(depth == 0 ? "the top-level object" : "a child compilation");
    for (auto field : root) {
      const std::string_view key = field.unescaped_key();
      keys.add(key);
      value v = field.value();
      m_context = std::string(key);
      if (m_webpack.take(key, v, out, depth)) continue;
      if (key == "children" && v.type() == simdjson::ondemand::json_type::array) {
        if (depth < 2) read_children(v.get_array(), out, depth);
        continue;
      }
      if (m_esbuild.take(key, v, depth)) continue;
      if (depth == 0 && v.type() == simdjson::ondemand::json_type::object) {
        // Anything else at the top: a Vite manifest entry ("src/main.ts": {...}), or
        // a webpack key perfgate does not need (skipped as it is not read).
        m_vite.take(std::string(key), v.get_object());
      }
    }
  }

  bool webpack() const { return m_webpack.seen(); }
  bool webpack4() const { return m_webpack.webpack4(); }
  bool esbuild() const { return m_esbuild.seen(); }
  bool vite() const { return m_vite.seen() && !webpack() && !esbuild(); }
  void finish_webpack(BundleStats& out) { m_webpack.finish(out); }
  void finish_esbuild(BundleStats& out) { m_esbuild.finish(out); }
  void finish_vite(BundleStats& out) { m_vite.finish(out); }

private:
  // A multi-compiler build: each child is a webpack compilation of its own.
  void read_children(array children, BundleStats& out, int depth) {
    for (value child : children) {
      BundleStats stats;
      Reader reader(m_context);
      reader.read(child.get_object(), stats, depth + 1);
      if (!reader.webpack()) continue;
      m_webpack.claim();  // a multi-compiler build's stats: the top level holds only children
      reader.finish_webpack(stats);
      // A compiler's own children are plugin child compilations (html-webpack-plugin), not bundles.
      if (!stats.entrypoints.empty()) stats.children.clear();
      stats.kind = reader.webpack4() ? "webpack 4" : "webpack 5";
      out.children.push_back(std::move(stats));
    }
  }

  std::string& m_context;
  WebpackStats m_webpack;
  ViteManifest m_vite;
  EsbuildMetafile m_esbuild;
};

}  // namespace

BundleStats parse_bundle_stats(simdjson::padded_string_view json, const std::string& name) {
  thread_local simdjson::ondemand::parser parser = util::json::make_parser();
  BundleStats stats;
  std::string context = "the top-level object";
  Reader reader(context);
  simdjson::ondemand::document doc;
  bool started = false;
  try {
    doc = parser.iterate(json);
    started = true;
    if (doc.type() != simdjson::ondemand::json_type::object) {
      throw util::Error(name, "not a webpack stats file, Vite manifest or esbuild metafile: the JSON is not an object");
    }
    reader.read(doc.get_object(), stats, 0);
    if (!doc.current_location().error()) throw simdjson::simdjson_error(simdjson::TRAILING_CONTENT);
  } catch (const simdjson::simdjson_error& e) {
    if (!started) throw util::Error(name, util::json::describe(e.error()));
    throw util::Error(name, util::json::describe(e.error(), doc, json) + " (in " + context + ")");
  } catch (const util::Error& e) {
    if (!e.where().empty()) throw;
    throw util::Error(name, e.what());  // a duplicate key: name the file
  }
  if (reader.webpack()) {
    reader.finish_webpack(stats);
    stats.kind = stats.entrypoints.empty() && !stats.children.empty() ? "webpack (multi-compiler)"
                 : reader.webpack4()                                  ? "webpack 4"
                                                                      : "webpack 5";
    // A top level with entrypoints of its own is one compiler; its children are
    // plugin child compilations (html-webpack-plugin), not bundles of the app.
    if (!stats.entrypoints.empty()) stats.children.clear();
    if (stats.entrypoints.empty() && stats.children.empty()) {
      throw util::Error(name, "webpack stats without entrypoints; write them with `webpack --json` "
                              "(the default preset includes entrypoints)");
    }
    return stats;
  }
  if (reader.esbuild()) {
    reader.finish_esbuild(stats);
    if (stats.entrypoints.empty()) {
      throw util::Error(name, "the esbuild metafile has no entry point (no JS output has \"entryPoint\"); "
                              "nothing to measure");
    }
    return stats;
  }
  if (reader.vite()) {
    try {
      reader.finish_vite(stats);
    } catch (const util::Error& e) {
      if (!e.where().empty()) throw;
      throw util::Error(name, e.what());  // a framework's manifest: name the file
    }
    if (stats.entrypoints.empty()) throw util::Error(name, "Vite manifest without an entry (isEntry: true)");
    return stats;
  }
  throw util::Error(name, "not a webpack stats file, Vite manifest or esbuild metafile (write stats with "
                          "`webpack --json > stats.json`, `build.manifest: true` in Vite, `--metafile=meta.json` in esbuild)");
}

}  // namespace sources
