// From URLs, pages and modules to one route's files (build.hpp): the part every
// route reader shares.
#include "sources/routes/build.hpp"

#include "sources/bundles/file_sizes.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

namespace sources::routes {

bool is_js_or_css(std::string_view path) {
  return util::ends_with(path, ".js") || util::ends_with(path, ".mjs") || util::ends_with(path, ".cjs") ||
         util::ends_with(path, ".css");
}

std::string read_text(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw util::Error(path, "is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw util::Error(path, "cannot be read (missing or not permitted)");
  const auto size = fs::file_size(path, ec);
  if (!ec && size > util::limits().max_json_bytes) {
    throw util::Error(path, "is " + std::to_string(size) + " bytes, over the --max-json-size limit");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

JsValue read_data_file(const std::string& path, std::string_view marker) {
  const std::string text = read_text(path);
  std::size_t pos = 0;
  if (!marker.empty()) {
    pos = after(text, marker);
    if (pos == std::string::npos) throw util::Error(path, "has no \"" + std::string(marker) + "\" in it");
  }
  try {
    JsValue v = parse_js_value(text, pos);
    if (v.kind != JsValue::Kind::object && v.kind != JsValue::Kind::array) {
      throw util::Error(path, "does not hold the object perfgate expected" +
                                  (marker.empty() ? std::string() : " after \"" + std::string(marker) + "\""));
    }
    return v;
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const util::Error*>(&e)) throw;
    throw util::Error(path, std::string("cannot be read as data: ") + e.what());
  }
}

void UrlMap::add(std::string url_prefix, std::string folder) {
  m_prefixes.emplace_back(std::move(url_prefix), std::move(folder));
  std::stable_sort(m_prefixes.begin(), m_prefixes.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string UrlMap::to_path(std::string_view url_path) const {
  if (auto it = m_memo.find(url_path); it != m_memo.end()) return it->second;
  std::string found = lookup(url_path);
  m_memo.emplace(std::string(url_path), found);
  return found;
}

std::string UrlMap::lookup(std::string_view url_path) const {
  const std::string path = url_to_file_path(url_path);
  for (const auto& [prefix, folder] : m_prefixes) {
    if (!util::starts_with(path, prefix)) continue;
    const fs::path rest(path.substr(prefix.size()));
    for (const auto& part : rest) {
      if (part == "..") return {};
    }
    return (fs::path(folder) / rest).lexically_normal().string();
  }
  return {};
}

namespace {

// Cache entries: length-prefixed fields ("<kind><length>:<bytes>"), so any byte
// of a URL survives; a malformed entry is a miss.
void field(std::string& out, char kind, std::string_view text) {
  out += kind;
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

bool next_field(std::string_view& in, char& kind, std::string_view& text) {
  if (in.empty()) return false;
  kind = in[0];
  const auto colon = in.find(':');
  if (colon == std::string_view::npos || colon < 2 || colon > 12) return false;
  std::size_t n = 0;
  for (std::size_t i = 1; i < colon; ++i) {
    if (in[i] < '0' || in[i] > '9') return false;
    n = n * 10 + static_cast<std::size_t>(in[i] - '0');
  }
  if (in.size() - colon - 1 < n) return false;
  text = in.substr(colon + 1, n);
  in.remove_prefix(colon + 1 + n);
  return true;
}

}  // namespace

ReadMemo*& ReadMemo::current() {
  static ReadMemo* memo = nullptr;
  return memo;
}

ReadMemo::ReadMemo(const util::Cache& cache, std::string key) : m_cache(cache), m_key(std::move(key)) {
  if (!m_cache.enabled()) return;
  const auto entry = m_cache.get("routes-read-v1", m_key);
  if (!entry) return;
  // Records: "P<path>I<identity>" then the page's fields up to "E", or
  // "M<path>I<identity>" then the module's up to "E". Anything malformed: ignored whole.
  std::map<std::string, std::pair<std::string, ModuleImports>> imports;
  std::map<std::string, std::pair<std::string, PageRefs>> pages;
  std::string_view in = *entry;
  char kind = 0;
  std::string_view text;
  while (!in.empty()) {
    std::string_view path, identity;
    char record = 0;
    if (!next_field(in, record, path) || (record != 'P' && record != 'M')) return;
    if (!next_field(in, kind, identity) || kind != 'I') return;
    PageRefs refs;
    ModuleImports mod;
    bool ended = false;
    while (!ended && next_field(in, kind, text)) {
      switch (kind) {
        case 'l': {
          std::string_view via;
          if (!next_field(in, kind, via) || kind != 'v') return;
          refs.loads.emplace_back(std::string(text), std::string(via));
          break;
        }
        case 'z': refs.lazy.emplace_back(text); break;
        case 'n': refs.skipped.emplace_back(text); break;
        case 'b': refs.base = std::string(text); break;
        case 'i': refs.inline_bytes = std::strtoull(std::string(text).c_str(), nullptr, 10); break;
        case 's': mod.static_imports.emplace_back(text); break;
        case 'd': mod.dynamic_imports.emplace_back(text); break;
        case 'E': ended = true; break;
        default: return;
      }
    }
    if (!ended) return;
    if (record == 'P') pages[std::string(path)] = {std::string(identity), std::move(refs)};
    else imports[std::string(path)] = {std::string(identity), std::move(mod)};
  }
  m_imports = std::move(imports);
  m_pages = std::move(pages);
}

ReadMemo::~ReadMemo() {
  if (!m_dirty || !m_cache.enabled()) return;
  std::string entry;
  for (const auto& [path, value] : m_pages) {
    const auto& [identity, refs] = value;
    field(entry, 'P', path);
    field(entry, 'I', identity);
    for (const auto& [url, via] : refs.loads) {
      field(entry, 'l', url);
      field(entry, 'v', via);
    }
    for (const auto& z : refs.lazy) field(entry, 'z', z);
    for (const auto& n : refs.skipped) field(entry, 'n', n);
    if (!refs.base.empty()) field(entry, 'b', refs.base);
    field(entry, 'i', std::to_string(refs.inline_bytes));
    field(entry, 'E', "");
  }
  for (const auto& [path, value] : m_imports) {
    field(entry, 'M', path);
    field(entry, 'I', value.first);
    for (const auto& s : value.second.static_imports) field(entry, 's', s);
    for (const auto& d : value.second.dynamic_imports) field(entry, 'd', d);
    field(entry, 'E', "");
  }
  m_cache.put("routes-read-v1", m_key, entry);
}

const ModuleImports* ReadMemo::imports(const std::string& path, const std::string& identity) const {
  auto it = m_imports.find(path);
  return it != m_imports.end() && it->second.first == identity ? &it->second.second : nullptr;
}

const PageRefs* ReadMemo::page(const std::string& path, const std::string& identity) const {
  auto it = m_pages.find(path);
  return it != m_pages.end() && it->second.first == identity ? &it->second.second : nullptr;
}

void ReadMemo::put(const std::string& path, const std::string& identity, const ModuleImports& imports) {
  m_imports[path] = {identity, imports};
  m_dirty = true;
}

void ReadMemo::put(const std::string& path, const std::string& identity, const PageRefs& refs) {
  m_pages[path] = {identity, refs};
  m_dirty = true;
}

const ModuleImports& ModuleCache::imports(const std::string& path) {
  auto it = m_imports.find(path);
  if (it != m_imports.end()) return *it->second;
  ReadMemo* memo = ReadMemo::current();
  const std::string identity = memo ? file_identity(path) : std::string();
  if (!identity.empty()) {
    if (const ModuleImports* known = memo->imports(path, identity)) return *(m_imports[path] = known);
  }
  ModuleImports found;
  try {
    found = scan_imports(read_text(path));
  } catch (const util::Error&) {
    // An unreadable file is reported when it is sized; here it imports nothing.
  }
  if (!identity.empty()) memo->put(path, identity, found);
  const ModuleImports& own = m_own_imports[path] = std::move(found);
  return *(m_imports[path] = &own);
}

void ModuleCache::prefetch_pages(const std::vector<std::string>& paths) {
  ReadMemo* memo = ReadMemo::current();
  struct Slot {
    std::string identity;
    std::optional<PageRefs> refs;
    bool known = false;
  };
  std::vector<Slot> slots(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (m_pages.count(paths[i])) {
      slots[i].known = true;
      continue;
    }
    slots[i].identity = memo ? file_identity(paths[i]) : std::string();
    if (!slots[i].identity.empty()) {
      if (const PageRefs* known = memo->page(paths[i], slots[i].identity)) {
        m_pages[paths[i]] = known;
        slots[i].known = true;
      }
    }
  }
  const bool work = std::any_of(slots.begin(), slots.end(), [](const Slot& s) { return !s.known; });
  if (!work) return;  // a warm run: nothing to parse
  util::parallel_for(paths.size(), util::default_jobs(), [&](std::size_t i) {
    if (slots[i].known) return;
    try {
      slots[i].refs = read_page_refs(read_text(paths[i]), paths[i]);
    } catch (const util::Error&) {
      // page() reads it again and reports it.
    }
  });
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!slots[i].refs || m_pages.count(paths[i])) continue;
    if (!slots[i].identity.empty()) memo->put(paths[i], slots[i].identity, *slots[i].refs);
    const PageRefs& own = m_own_pages[paths[i]] = std::move(*slots[i].refs);
    m_pages[paths[i]] = &own;
  }
}

const PageRefs& ModuleCache::page(const std::string& path) {
  auto it = m_pages.find(path);
  if (it != m_pages.end()) return *it->second;
  ReadMemo* memo = ReadMemo::current();
  const std::string identity = memo ? file_identity(path) : std::string();
  if (!identity.empty()) {
    if (const PageRefs* known = memo->page(path, identity)) return *(m_pages[path] = known);
  }
  PageRefs refs = read_page_refs(read_text(path), path);
  if (!identity.empty()) memo->put(path, identity, refs);
  const PageRefs& own = m_own_pages[path] = std::move(refs);
  return *(m_pages[path] = &own);
}

void RouteCollector::add_file(const std::string& path, const std::string& via) {
  if (!m_seen.insert(path).second) return;
  m_route.files.push_back({path, via});
}

void RouteCollector::add_lazy(const std::string& name) {
  if (m_seen.count(name) || !m_lazy_seen.insert(name).second) return;
  m_route.lazy.push_back(name);
}

void RouteCollector::add_url(const std::string& url, const std::string& via, bool close) {
  const std::string path = m_map.to_path(url);
  if (path.empty()) {
    // Another origin (a CDN) or a path outside every mapped folder: loaded, but not
    // part of this build; listed, never silently dropped.
    if (std::find(m_route.external.begin(), m_route.external.end(), url) == m_route.external.end()) {
      m_route.external.push_back(url);
    }
    return;
  }
  if (m_seen.count(path)) return;
  add_file(path, via);
  const bool js = !util::ends_with(url_to_file_path(url), ".css");
  if (!js) return;
  m_js.emplace_back(path, url_to_file_path(url));
  if (!close) return;
  // Static imports, breadth first (the browser fetches them before the module runs).
  const ModuleImports& imports = m_modules.imports(path);
  for (const auto& spec : imports.static_imports) {
    const std::string target = resolve_url(url_to_file_path(url), spec);
    if (target.empty()) continue;  // bare or another origin: an import map's business
    add_url(target, "import", true);
  }
}

// An absolute URL (https://cdn.example/_next/static/...: Next's assetPrefix, a CDN
// in front of the build) whose path is a file of this build: that file.
std::string RouteCollector::asset_prefix_path(const std::string& url) const {
  auto scheme = url.find("://");
  std::size_t host = std::string::npos;
  if (util::starts_with(url, "//")) host = 2;
  else if (scheme != std::string::npos && url.find('/') > scheme) host = scheme + 3;
  if (host == std::string::npos) return {};
  const auto slash = url.find('/', host);
  if (slash == std::string::npos) return {};
  const std::string path = url.substr(slash);
  const std::string file = m_map.to_path(path);
  std::error_code ec;
  return !file.empty() && fs::is_regular_file(file, ec) ? path : std::string();
}

void RouteCollector::add_html(const std::string& html_path, const std::string& page_url) {
  const PageRefs& refs = m_modules.page(html_path);
  m_route.has_html = true;
  m_route.inline_bytes += refs.inline_bytes;
  // <base href="/app/"> moves every relative URL of the page.
  std::string base = page_url;
  if (!refs.base.empty()) {
    const std::string b = resolve_url(page_url, refs.base.back() == '/' ? refs.base + "x" : refs.base, true);
    if (!b.empty()) base = b;
  }
  for (const auto& [url, via] : refs.loads) {
    std::string abs = resolve_url(base, url, true);
    if (abs.empty()) abs = asset_prefix_path(url);
    if (abs.empty()) {
      if (std::find(m_route.external.begin(), m_route.external.end(), url) == m_route.external.end()) {
        m_route.external.push_back(url);
      }
      continue;
    }
    add_url(abs, via, true);
  }
  for (const auto& url : refs.lazy) {
    const std::string abs = resolve_url(base, url, true);
    const std::string path = abs.empty() ? std::string() : m_map.to_path(abs);
    if (!path.empty() && is_js_or_css(path)) add_lazy(path);
  }
}

void RouteCollector::lazy_from_dynamic_imports() {
  // The import() targets of the first-load JS, then everything those load in turn
  // (their static imports, their own import()s): all of it later, if ever.
  std::vector<std::pair<std::string, std::string>> queue = m_js;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const auto [path, url] = queue[i];
    const ModuleImports& imports = m_modules.imports(path);
    for (const auto* list : {&imports.dynamic_imports, &imports.static_imports}) {
      const bool first_load = i < m_js.size() && list == &imports.static_imports;
      if (first_load) continue;  // already first-load files
      for (const auto& spec : *list) {
        const std::string target = resolve_url(url, spec);
        const std::string file = target.empty() ? std::string() : m_map.to_path(target);
        if (file.empty() || !is_js_or_css(file) || m_seen.count(file) || m_lazy_seen.count(file)) continue;
        add_lazy(file);
        if (!util::ends_with(file, ".css")) queue.emplace_back(file, target);
      }
    }
  }
}

Route RouteCollector::take(std::string name, std::string from, std::string note) {
  Route r = std::move(m_route);
  r.name = std::move(name);
  r.from = std::move(from);
  r.note = std::move(note);
  m_route = Route{};
  m_seen.clear();
  m_lazy_seen.clear();
  m_js.clear();
  return r;
}

}  // namespace sources::routes
