#include "sources/bundle_stats.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using simdjson::ondemand::array;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

namespace sources {

bool is_initial_asset(const std::string& file) {
  if (file.find(".hot-update.") != std::string::npos) return false;
  const bool js = util::ends_with(file, ".js") || util::ends_with(file, ".mjs") || util::ends_with(file, ".cjs");
  return js || util::ends_with(file, ".css");
}

std::string asset_file(std::string_view name) {
  return std::string(name.substr(0, name.find('?')));
}

namespace {

std::string str(value v) { return util::json::get_string(v); }

// A Vite manifest chunk.
struct ViteChunk {
  std::string file;
  std::string name;
  bool is_entry = false;
  std::vector<std::string> imports, dynamic_imports, css;
};

// An esbuild output file.
struct EsbuildOutput {
  std::string entry_point;
  std::string css_bundle;
  std::vector<std::string> static_imports, dynamic_imports;
};

class Reader {
public:
  explicit Reader(std::string& context) : m_context(context) {}

  // Read one stats object (the document, or a multi-compiler child).
  void read(object root, BundleStats& out, int depth) {
    util::json::UniqueKeys keys(depth == 0 ? "the top-level object" : "a child compilation");
    for (auto field : root) {
      const std::string_view key = field.unescaped_key();
      keys.add(key);
      value v = field.value();
      m_context = std::string(key);
      if (key == "entrypoints") {
        m_webpack = true;
        read_entrypoints(v.get_object(), out);
      } else if (key == "chunks" && v.type() == simdjson::ondemand::json_type::array) {
        m_webpack = true;
        read_chunks(v.get_array());
      } else if (key == "outputPath") {
        m_webpack = true;
        out.output_path = str(v);
      } else if (key == "name" && depth > 0) {
        if (!v.is_null()) out.compiler = str(v);
      } else if (key == "version" || key == "assetsByChunkName" || key == "namedChunkGroups") {
        m_webpack = true;
      } else if (key == "children" && v.type() == simdjson::ondemand::json_type::array) {
        if (depth < 2) read_children(v.get_array(), out, depth);
      } else if (key == "outputs" && depth == 0) {
        m_esbuild = true;
        read_esbuild_outputs(v.get_object());
      } else if (key == "inputs" && depth == 0) {
        m_esbuild = true;
      } else if (depth == 0 && v.type() == simdjson::ondemand::json_type::object) {
        // Anything else at the top: a Vite manifest entry ("src/main.ts": {...}), or
        // a webpack key perfgate does not need (skipped as it is not read).
        read_vite_chunk(std::string(key), v.get_object());
      }
    }
  }

  bool webpack() const { return m_webpack; }
  bool webpack4() const { return m_webpack4; }
  bool esbuild() const { return m_esbuild; }
  bool vite() const { return !m_vite.empty() && !m_webpack && !m_esbuild; }

  auto chunks_by_id() const {  // chunk id -> chunk
    std::map<std::string, const Chunk*> by_id;
    for (const auto& c : m_chunks) {
      if (!c.id.empty()) by_id[c.id] = &c;
    }
    return by_id;
  }

  void finish_webpack(BundleStats& out) {
    recover_filtered(out);
    include_depend_on(out);
    link_async(out);
  }

  // stats.chunkGroupMaxAssets cut an entrypoint's asset list (filteredAssets), but
  // webpack still names its chunks, and an entrypoint's assets are its chunks' files:
  // read them from there when every chunk is in the stats with its files. Otherwise
  // the entrypoint stays refused (measure.cpp says why), never counted short.
  void recover_filtered(BundleStats& out) {
    const auto by_id = chunks_by_id();
    // Chunk ids must tell chunks apart: a null id (or one written twice) would let
    // two chunks pass for one, and the entrypoint be counted short.
    std::map<std::string, int> seen;
    for (const auto& c : m_chunks) ++seen[c.id];
    for (auto& e : out.entrypoints) {
      if (e.filtered == 0) continue;
      auto ids = m_entry_chunks.find(e.name);
      if (ids == m_entry_chunks.end() || ids->second.empty()) continue;
      std::vector<std::string> initial, other;
      bool complete = std::set<std::string>(ids->second.begin(), ids->second.end()).size() == ids->second.size();
      for (const auto& id : ids->second) {
        auto c = by_id.find(id);
        if (!complete || id.empty() || id == "n:null" || seen[id] != 1 || c == by_id.end() || c->second->files.empty()) {
          complete = false;
          break;
        }
        for (const auto& f : c->second->files) {
          auto& into = is_initial_asset(f) ? initial : other;
          if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(f);
        }
      }
      // What the stats still list must be among the chunks' files, and the chunks must
      // hold exactly as many files as were listed plus left out.
      auto has = [&](const std::string& f) {
        return std::find(initial.begin(), initial.end(), f) != initial.end() || std::find(other.begin(), other.end(), f) != other.end();
      };
      complete = complete && std::all_of(e.initial.begin(), e.initial.end(), has) && std::all_of(e.other.begin(), e.other.end(), has) &&
                 initial.size() + other.size() == e.initial.size() + e.other.size() + e.filtered;
      if (!complete) continue;
      e.initial = std::move(initial);
      e.other = std::move(other);
      e.filtered = 0;
    }
  }

  // entry.dependOn: an entrypoint whose initial chunks have parents in another
  // entrypoint loads that one first; its initial files count here too (a page
  // ships both). webpack writes the dependency only as those chunks' parents.
  void include_depend_on(BundleStats& out) {
    const auto by_id = chunks_by_id();
    std::map<std::string, std::string> owner;  // chunk id -> the entrypoint it is the chunk of
    for (const auto& [name, ids] : m_entry_chunks) {
      for (const auto& id : ids) owner.emplace(id, name);
    }
    std::map<std::string, std::vector<std::string>> own;  // entrypoint -> its own initial files
    for (const auto& e : out.entrypoints) own[e.name] = e.initial;
    std::function<void(const std::string&, std::set<std::string>&, std::vector<std::string>&)> collect =
        [&](const std::string& entry, std::set<std::string>& visiting, std::vector<std::string>& files) {
          if (!visiting.insert(entry).second) return;  // a cycle cannot loop
          auto ids = m_entry_chunks.find(entry);
          if (ids != m_entry_chunks.end()) {
            for (const auto& id : ids->second) {
              auto c = by_id.find(id);
              if (c == by_id.end() || !c->second->initial) continue;
              for (const auto& parent : c->second->parents) {
                auto o = owner.find(parent);
                if (o != owner.end() && o->second != entry) collect(o->second, visiting, files);
              }
            }
          }
          for (const auto& f : own[entry]) {
            if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
          }
        };
    for (auto& e : out.entrypoints) {
      std::set<std::string> visiting;
      std::vector<std::string> files;
      collect(e.name, visiting, files);
      e.initial = std::move(files);
    }
  }

  void link_async(BundleStats& out) {
    // The entrypoint lists are authoritative for initial files; chunks that are not
    // initial hold what import() loads later. Which entrypoint loads which async
    // chunk comes from the chunk graph: an async chunk belongs to an entrypoint when
    // its parents include a chunk only that entrypoint has, or lie all within it —
    // transitively, for import() inside async chunks. Stats without the graph
    // (entrypoint chunk ids, chunk ids and parents) list every async chunk under
    // every entrypoint, and say so.
    std::vector<const Chunk*> async_chunks;
    for (const auto& c : m_chunks) {
      if (!c.initial) async_chunks.push_back(&c);
    }
    auto files_of = [](const Chunk& c, std::vector<std::string>& into) {
      for (const auto& f : c.files) {
        if (is_initial_asset(f)) into.push_back(f);
      }
    };
    const bool graph = !m_entry_chunks.empty() &&
                       std::all_of(out.entrypoints.begin(), out.entrypoints.end(),
                                   [&](const BundleEntrypoint& e) { return m_entry_chunks.count(e.name) > 0; }) &&
                       std::all_of(async_chunks.begin(), async_chunks.end(),
                                   [](const Chunk* c) { return !c->id.empty() && c->has_parents; });
    if (!graph) {
      std::vector<std::string> async;
      for (const auto* c : async_chunks) files_of(*c, async);
      std::sort(async.begin(), async.end());
      for (auto& e : out.entrypoints) {
        e.async = async;
        e.async_unlinked = !async.empty();
      }
      return;
    }
    std::map<std::string, int> owners;  // chunk id -> how many entrypoints hold it
    for (const auto& [name, ids] : m_entry_chunks) {
      for (const auto& id : std::set<std::string>(ids.begin(), ids.end())) ++owners[id];
    }
    for (auto& e : out.entrypoints) {
      const auto& ids = m_entry_chunks[e.name];
      std::set<std::string> mine(ids.begin(), ids.end()), exclusive;
      for (const auto& id : mine) {
        if (owners[id] == 1) exclusive.insert(id);
      }
      std::set<const Chunk*> loaded;
      for (bool grew = true; grew;) {
        grew = false;
        for (const auto* c : async_chunks) {
          if (loaded.count(c) || c->parents.empty()) continue;
          const bool within = std::all_of(c->parents.begin(), c->parents.end(),
                                          [&](const std::string& p) { return mine.count(p) > 0; });
          const bool from_own = std::any_of(c->parents.begin(), c->parents.end(),
                                            [&](const std::string& p) { return exclusive.count(p) > 0; });
          if (!within && !from_own) continue;
          loaded.insert(c);
          exclusive.insert(c->id);  // its own import() children are this entrypoint's too
          mine.insert(c->id);
          grew = true;
        }
      }
      std::vector<std::string> async;
      for (const auto* c : loaded) files_of(*c, async);
      std::sort(async.begin(), async.end());
      async.erase(std::unique(async.begin(), async.end()), async.end());
      e.async = std::move(async);
    }
  }

  void finish_vite(BundleStats& out) {
    out.kind = "vite";
    // Entries are keyed by their source path; the short `name` is shown only where it
    // is unique (app.js + app.css, plugin-legacy's modern and legacy entries, and a
    // multi-page app's index.html inputs share names).
    std::map<std::string, int> names;
    for (const auto& [key, chunk] : m_vite) {
      if (chunk.is_entry && !chunk.name.empty()) ++names[chunk.name];
    }
    // @vitejs/plugin-legacy (Vite 4-8) adds, for every entry "X.ext", an entry
    // "X-legacy.ext" that browsers without modules load instead, after its polyfills
    // entry "vite/legacy-polyfills-legacy"; the page's CSS (listed only on the modern
    // entry) is loaded by both. With modernPolyfills, "vite/legacy-polyfills" goes
    // before every modern entry. The polyfills are part of each page, not pages.
    const bool legacy_polyfills = m_vite.count(k_legacy_polyfills) > 0;
    for (const auto& [key, chunk] : m_vite) {
      if (!chunk.is_entry) continue;
      if (key == k_legacy_polyfills || key == k_modern_polyfills) continue;
      BundleEntrypoint e;
      e.name = chunk.name.empty() || names[chunk.name] > 1 ? key : chunk.name;
      // (Polyfills can be turned off: then the legacy files' own "-legacy" names say it.)
      const std::string modern = modern_counterpart(key);
      e.legacy = !modern.empty() && (legacy_polyfills || chunk.file.find("-legacy") != std::string::npos);
      std::set<std::string> seen;
      collect_vite(e.legacy ? k_legacy_polyfills : std::string(k_modern_polyfills), seen, e.initial);
      collect_vite(key, seen, e.initial);
      if (e.legacy) {
        std::set<std::string> modern_seen;
        std::vector<std::string> modern_files;
        collect_vite(modern, modern_seen, modern_files);
        for (const auto& f : modern_files) {
          if (is_css(f) && std::find(e.initial.begin(), e.initial.end(), f) == e.initial.end()) e.initial.push_back(f);
        }
      }
      std::set<std::string> async_seen = seen;
      for (const auto& d : chunk.dynamic_imports) collect_vite(d, async_seen, e.async);
      // A chunk can be imported both ways: it is initial then.
      std::erase_if(e.async, [&](const std::string& f) {
        return std::find(e.initial.begin(), e.initial.end(), f) != e.initial.end();
      });
      out.entrypoints.push_back(std::move(e));
    }
  }

  static constexpr const char* k_legacy_polyfills = "vite/legacy-polyfills-legacy";
  static constexpr const char* k_modern_polyfills = "vite/legacy-polyfills";

  static bool is_css(const std::string& file) { return util::ends_with(file, ".css"); }

  // "index-legacy.html" -> "index.html" when that is an entry too, else "".
  std::string modern_counterpart(const std::string& key) const {
    const std::size_t slash = key.rfind('/');
    const std::size_t dot = key.rfind('.');
    const std::size_t stem_end = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? key.size() : dot;
    constexpr std::string_view suffix = "-legacy";
    if (stem_end < suffix.size() || key.compare(stem_end - suffix.size(), suffix.size(), suffix) != 0) return {};
    std::string modern = key.substr(0, stem_end - suffix.size()) + key.substr(stem_end);
    auto it = m_vite.find(modern);
    return it != m_vite.end() && it->second.is_entry ? modern : std::string();
  }

  void finish_esbuild(BundleStats& out) {
    out.kind = "esbuild";
    // With --splitting, an import() target is an output with an entryPoint too; it
    // is loaded later, not an entrypoint of the app.
    std::set<std::string> dynamic_targets;
    for (const auto& [path, output] : m_esbuild_outputs) {
      dynamic_targets.insert(output.dynamic_imports.begin(), output.dynamic_imports.end());
    }
    // A CSS output that a JS entry names as its cssBundle is measured with that
    // entry; any other CSS output with an entry point is an entrypoint of its own.
    std::set<std::string> css_bundles;
    for (const auto& [path, output] : m_esbuild_outputs) {
      if (!output.css_bundle.empty()) css_bundles.insert(output.css_bundle);
    }
    for (const auto& [path, output] : m_esbuild_outputs) {
      if (output.entry_point.empty() || !is_initial_asset(path)) continue;
      if (util::ends_with(path, ".css") && css_bundles.count(path)) continue;
      if (dynamic_targets.count(path)) continue;
      BundleEntrypoint e;
      e.name = output.entry_point;
      std::set<std::string> seen;
      collect_esbuild(path, seen, e.initial);
      for (const auto& d : output.dynamic_imports) {
        if (!seen.count(d)) e.async.push_back(d);
      }
      out.entrypoints.push_back(std::move(e));
    }
  }

private:
  void read_entrypoints(object entrypoints, BundleStats& out) {
    util::json::UniqueKeys names("entrypoints");
    for (auto field : entrypoints) {
      BundleEntrypoint e;
      e.name = std::string(std::string_view(field.unescaped_key()));
      names.add(e.name);
      m_context = "entrypoints." + e.name;
      util::json::UniqueKeys keys(m_context);
      for (auto inner : field.value().get_object()) {
        const std::string_view key = inner.unescaped_key();
        keys.add(key);
        if (key == "chunks") {
          m_context = "entrypoints." + e.name + ".chunks";
          auto& ids = m_entry_chunks[e.name];
          for (value id : inner.value().get_array()) ids.push_back(chunk_id(id));
          continue;
        }
        if (key == "filteredAssets") {
          // stats.chunkGroupMaxAssets (or a preset) cut the list: what is left is not the entrypoint.
          m_context = "entrypoints." + e.name + ".filteredAssets";
          // A count, whatever number the file holds (7e76 once reached a cast: UB, a fuzzing finding).
          const double n = util::json::get_number(inner.value());
          e.filtered = !(n > 0) ? 0 : n >= 1e18 ? std::uint64_t{1000000000000000000} : static_cast<std::uint64_t>(n);
          continue;
        }
        if (key != "assets") continue;
        m_context = "entrypoints." + e.name + ".assets";
        for (value asset : inner.value().get_array()) {
          // webpack 5: {"name": ..., "size": ...}; webpack 4: a plain string.
          std::string name;
          if (asset.type() == simdjson::ondemand::json_type::string) {
            name = str(asset);
            m_webpack4 = true;
          } else {
            for (auto a : asset.get_object()) {
              if (std::string_view(a.unescaped_key()) == "name") name = str(a.value());
            }
          }
          name = asset_file(name);
          (is_initial_asset(name) ? e.initial : e.other).push_back(name);
        }
      }
      out.entrypoints.push_back(std::move(e));
    }
  }

  // A chunk id as written: 72 or "main" (numbers and strings kept apart).
  static std::string chunk_id(value v) {
    if (v.type() == simdjson::ondemand::json_type::string) return "s:" + str(v);
    return "n:" + std::string(util::trim(std::string_view(v.raw_json_token())));
  }

  void read_chunks(array chunks) {
    std::size_t i = 0;
    for (value chunk : chunks) {
      m_context = "chunks[" + std::to_string(i++) + "]";
      Chunk c;
      util::json::UniqueKeys keys(m_context);
      for (auto field : chunk.get_object()) {
        const std::string_view key = field.unescaped_key();
        keys.add(key);
        if (key == "initial") {
          c.initial = field.value().get_bool();
        } else if (key == "files") {
          for (value f : field.value().get_array()) c.files.push_back(asset_file(str(f)));
        } else if (key == "id") {
          c.id = chunk_id(field.value());
        } else if (key == "parents") {
          c.has_parents = true;
          for (value p : field.value().get_array()) c.parents.push_back(chunk_id(p));
        }
      }
      m_chunks.push_back(std::move(c));
    }
  }

  void read_children(array children, BundleStats& out, int depth) {
    for (value child : children) {
      BundleStats stats;
      Reader reader(m_context);
      reader.read(child.get_object(), stats, depth + 1);
      if (!reader.webpack()) continue;
      m_webpack = true;  // a multi-compiler build's stats: the top level holds only children
      reader.finish_webpack(stats);
      // A compiler's own children are plugin child compilations (html-webpack-plugin), not bundles.
      if (!stats.entrypoints.empty()) stats.children.clear();
      stats.kind = reader.m_webpack4 ? "webpack 4" : "webpack 5";
      out.children.push_back(std::move(stats));
    }
  }

  void read_vite_chunk(std::string key, object chunk) {
    ViteChunk c;
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
    if (!c.file.empty()) m_vite.emplace(std::move(key), std::move(c));
  }

  void read_esbuild_outputs(object outputs) {
    util::json::UniqueKeys paths("outputs");
    for (auto field : outputs) {
      const std::string path(std::string_view(field.unescaped_key()));
      paths.add(path);
      EsbuildOutput out;
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
      m_esbuild_outputs.emplace(path, std::move(out));
    }
  }

  void read_strings(value v, std::vector<std::string>& out) {
    for (value s : v.get_array()) out.push_back(str(s));
  }

  void collect_vite(const std::string& key, std::set<std::string>& seen, std::vector<std::string>& files) {
    auto it = m_vite.find(key);
    if (it == m_vite.end() || !seen.insert(key).second) return;
    const ViteChunk& c = it->second;
    if (is_initial_asset(c.file)) files.push_back(c.file);
    for (const auto& css : c.css) {
      if (std::find(files.begin(), files.end(), css) == files.end()) files.push_back(css);
    }
    for (const auto& imp : c.imports) collect_vite(imp, seen, files);
  }

  void collect_esbuild(const std::string& path, std::set<std::string>& seen, std::vector<std::string>& files) {
    if (!seen.insert(path).second) return;
    // A file-loader output (a PNG or font a JS file imports) is not JS or CSS to count.
    if (!is_initial_asset(path)) return;
    files.push_back(path);
    auto it = m_esbuild_outputs.find(path);
    if (it == m_esbuild_outputs.end()) return;
    if (!it->second.css_bundle.empty() && seen.insert(it->second.css_bundle).second) {
      files.push_back(it->second.css_bundle);
    }
    for (const auto& imp : it->second.static_imports) collect_esbuild(imp, seen, files);
  }

  std::string& m_context;
  bool m_webpack = false;
  bool m_webpack4 = false;
  bool m_esbuild = false;
  struct Chunk {
    std::string id;
    bool initial = true;
    bool has_parents = false;
    std::vector<std::string> files, parents;
  };
  std::vector<Chunk> m_chunks;
  std::map<std::string, std::vector<std::string>> m_entry_chunks;  // entrypoint -> its chunk ids
  std::map<std::string, ViteChunk> m_vite;
  std::map<std::string, EsbuildOutput> m_esbuild_outputs;
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
    reader.finish_vite(stats);
    if (stats.entrypoints.empty()) throw util::Error(name, "Vite manifest without an entry (isEntry: true)");
    return stats;
  }
  throw util::Error(name, "not a webpack stats file, Vite manifest or esbuild metafile (write stats with "
                          "`webpack --json > stats.json`, `build.manifest: true` in Vite, `--metafile=meta.json` in esbuild)");
}

}  // namespace sources
