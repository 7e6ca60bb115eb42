// The bundle formats a stats file may be (internal to tool/sources/bundles): webpack's
// stats.json, a Vite/Rollup manifest.json, an esbuild metafile. Each format reader takes
// the top-level keys that are its own (recognise.cpp offers each key to each format in
// turn, the family's one recognition table) and, once the document is read, writes the
// entrypoints it found. Keys are read in one pass; what no format takes is skipped
// unparsed (webpack's modules, reasons and sources: the bulk of a verbose stats file).
#pragma once

#include "sources/bundles/stats.hpp"

#include <simdjson.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sources::bundles {

using simdjson::ondemand::array;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

std::string str(value v);
void read_strings(value v, std::vector<std::string>& out);

// webpack 4 and 5 (webpack.cpp): entrypoints, chunks and their graph, outputPath, a
// multi-compiler child's name.
class WebpackStats {
public:
  explicit WebpackStats(std::string& context) : m_context(context) {}
  // Take a top-level key that is webpack's; false for another format's.
  bool take(std::string_view key, value v, BundleStats& out, int depth);
  void claim() { m_seen = true; }  // a multi-compiler build's top level holds only children
  bool seen() const { return m_seen; }
  bool webpack4() const { return m_webpack4; }
  // The entrypoints' files as webpack loads them: recovered where stats left assets
  // out, with dependOn entrypoints, and the async chunks each loads.
  void finish(BundleStats& out);

private:
  struct Chunk {
    std::string id;
    bool initial = true;
    bool has_parents = false;
    std::vector<std::string> files, parents;
  };
  std::map<std::string, const Chunk*> chunks_by_id() const;
  void recover_filtered(BundleStats& out);
  void include_depend_on(BundleStats& out);
  void link_async(BundleStats& out);
  void read_entrypoints(object entrypoints, BundleStats& out);
  static std::string chunk_id(value v);
  void read_chunks(array chunks);

  std::string& m_context;
  bool m_seen = false;
  bool m_webpack4 = false;
  std::vector<Chunk> m_chunks;
  std::map<std::string, std::vector<std::string>> m_entry_chunks;  // entrypoint -> its chunk ids
};

// A Vite (or Rollup with a manifest plugin) manifest.json (vite.cpp): every other
// top-level object is a chunk keyed by its source path.
class ViteManifest {
public:
  explicit ViteManifest(std::string& context) : m_context(context) {}
  void take(std::string key, object chunk);
  bool seen() const { return !m_chunks.empty(); }
  void finish(BundleStats& out);

private:
  struct Chunk {
    std::string file;
    std::string name;
    bool is_entry = false;
    std::vector<std::string> imports, dynamic_imports, css;
  };
  static constexpr const char* k_legacy_polyfills = "vite/legacy-polyfills-legacy";
  static constexpr const char* k_modern_polyfills = "vite/legacy-polyfills";
  static bool is_css(const std::string& file);
  void refuse_framework_manifest() const;
  std::string modern_counterpart(const std::string& key) const;
  void collect(const std::string& key, std::set<std::string>& seen, std::vector<std::string>& files);

  std::string& m_context;
  std::map<std::string, Chunk> m_chunks;
};

// An esbuild metafile (esbuild.cpp): its outputs, their entry points and imports.
class EsbuildMetafile {
public:
  explicit EsbuildMetafile(std::string& context) : m_context(context) {}
  bool take(std::string_view key, value v, int depth);
  bool seen() const { return m_seen; }
  void finish(BundleStats& out);

private:
  struct Output {
    std::string entry_point;
    std::string css_bundle;
    std::vector<std::string> static_imports, dynamic_imports;
  };
  void read_outputs(object outputs);
  void collect(const std::string& path, std::set<std::string>& seen, std::vector<std::string>& files);

  std::string& m_context;
  bool m_seen = false;
  std::map<std::string, Output> m_outputs;
};

}  // namespace sources::bundles
