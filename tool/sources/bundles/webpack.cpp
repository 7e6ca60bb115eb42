// webpack 4 and 5 stats (`webpack --json`, stats presets from "minimal" to "verbose",
// multi-compiler builds): each entrypoint's initial JS and CSS as webpack lists it, and
// the async chunks it loads, from the chunk graph.
#include "sources/bundles/formats.hpp"

#include "util/json.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <functional>

namespace sources::bundles {

bool WebpackStats::take(std::string_view key, value v, BundleStats& out, int depth) {
  if (key == "entrypoints") {
    m_seen = true;
    read_entrypoints(v.get_object(), out);
  } else if (key == "chunks" && v.type() == simdjson::ondemand::json_type::array) {
    m_seen = true;
    read_chunks(v.get_array());
  } else if (key == "outputPath") {
    m_seen = true;
    out.output_path = str(v);
  } else if (key == "name" && depth > 0) {
    if (!v.is_null()) out.compiler = str(v);
  } else if (key == "version" || key == "assetsByChunkName" || key == "namedChunkGroups") {
    m_seen = true;
  } else {
    return false;
  }
  return true;
}

void WebpackStats::finish(BundleStats& out) {
  recover_filtered(out);
  include_depend_on(out);
  link_async(out);
}

std::map<std::string, const WebpackStats::Chunk*> WebpackStats::chunks_by_id() const {  // chunk id -> chunk
  std::map<std::string, const Chunk*> by_id;
  for (const auto& c : m_chunks) {
    if (!c.id.empty()) by_id[c.id] = &c;
  }
  return by_id;
}


// stats.chunkGroupMaxAssets cut an entrypoint's asset list (filteredAssets), but
// webpack still names its chunks, and an entrypoint's assets are its chunks' files:
// read them from there when every chunk is in the stats with its files. Otherwise
// the entrypoint stays refused (measure.cpp says why), never counted short.
void WebpackStats::recover_filtered(BundleStats& out) {
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
void WebpackStats::include_depend_on(BundleStats& out) {
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

void WebpackStats::link_async(BundleStats& out) {
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

void WebpackStats::read_entrypoints(object entrypoints, BundleStats& out) {
  util::json::UniqueKeys names("entrypoints");
  for (auto field : entrypoints) {
    BundleEntrypoint e;
    const std::string_view entry = field.unescaped_key();
    names.add(entry);
    e.name = std::string(entry);
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
std::string WebpackStats::chunk_id(value v) {
  if (v.type() == simdjson::ondemand::json_type::string) return "s:" + str(v);
  return "n:" + std::string(util::trim(std::string_view(v.raw_json_token())));
}

void WebpackStats::read_chunks(array chunks) {
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

}  // namespace sources::bundles
