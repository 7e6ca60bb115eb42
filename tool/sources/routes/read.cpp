// Routes measured (source "routes"): each build's routes from its reader, every
// file sized once (in parallel, through the size cache), then summed per route
// with the part every route of the build shares marked.
#include "sources/routes/routes.hpp"

#include "sources/bundles/file_sizes.hpp"
#include "sources/bundles/measure.hpp"
#include "sources/routes/build.hpp"
#include "budget/units.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace sources {

namespace {

using namespace routes;

// The folder a glob's URLs are read against: its part before the first glob character.
fs::path glob_root(const std::string& pattern) {
  const auto star = pattern.find_first_of("*?[{");
  std::string head = star == std::string::npos ? pattern : pattern.substr(0, star);
  const auto slash = head.rfind('/');
  head = slash == std::string::npos ? std::string(".") : head.substr(0, slash);
  std::error_code ec;
  if (star == std::string::npos && !fs::is_directory(pattern, ec)) head = fs::path(pattern).parent_path().string();
  return head.empty() ? fs::path(".") : fs::path(head);
}

Build read_one(const std::string& given) {
  std::error_code ec;
  if (!fs::exists(given, ec)) throw util::Error(given, "does not exist");
  if (!fs::is_directory(given, ec)) {
    throw util::Error(given, "is a file; --build takes the folder the framework built (.next, .svelte-kit, .output, "
                             "build, dist/<app>); for one HTML page use --html");
  }
  const Located l = locate(fs::path(given), given);
  switch (l.kind) {
    case Located::Kind::next: return read_next(l.path, given);
    case Located::Kind::sveltekit: return read_sveltekit(l.path, given);
    case Located::Kind::nuxt: return read_nuxt(l.path, given);
    case Located::Kind::react_router: return read_react_router(l.path, given);
    case Located::Kind::angular: return read_angular(l.path, given);
    case Located::Kind::html: return read_html_pages(l.path, {}, l.framework, given);
    case Located::Kind::none: break;
  }
  throw util::Error(given, "is not a build perfgate can read routes from");
}

std::string display(const std::string& path, const std::string& dir) {
  // The same shared files appear under every route: each is worked out once.
  static thread_local std::map<std::pair<std::string, std::string>, std::string> memo;
  const auto key = std::make_pair(path, dir);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  const std::string rel = fs::path(path).lexically_relative(fs::path(dir).lexically_normal()).generic_string();
  return memo[key] = rel.empty() || util::starts_with(rel, "..") ? path : rel;
}

// One measurement per variant of `files` summed, details largest first (the bundle
// family's, whose note is "<count> <what>").
void add_sum(SourceResult& result, const std::string& metric, const std::string& subject,
             const std::vector<std::pair<std::string, compression::Sizes>>& files, const std::string& origin,
             const char* what, bool brotli) {
  bundles::add_measurements(result, metric, subject, files, {}, origin, brotli, what);
}

// An Angular build as angular.json's budgets count it: the initial total, all scripts,
// all files, each script and each file, each named bundle (main, polyfills, styles,
// runtime: the name before the hash in the file's name).
void angular_measurements(const Build& b, const std::vector<FileSize>& sizes, const std::map<std::string, std::size_t>& index,
                          const std::map<std::string, std::string>& outside, bool brotli, SourceResult& result) {
  using Files = std::vector<std::pair<std::string, compression::Sizes>>;
  auto sized = [&](const std::vector<std::string>& list, Files& out) {
    bool complete = true;
    for (const auto& path : list) {
      if (auto o = outside.find(path); o != outside.end()) {
        result.errors.push_back({"routes", "", b.dir, path + ": " + o->second});
        complete = false;
        continue;
      }
      const auto it = index.find(path);
      if (it == index.end() || !sizes[it->second].sizes) {
        result.errors.push_back({"routes", "", b.dir, path + " cannot be read: " +
                                                         (it == index.end() ? std::string("?") : sizes[it->second].error)});
        complete = false;
        continue;
      }
      out.emplace_back(display(path, b.dir), *sizes[it->second].sizes);
    }
    return complete;
  };
  const std::string origin = b.dir;
  Files initial, all, scripts;
  if (!b.angular->initial.empty() && sized(b.angular->initial, initial)) {
    result.subjects.push_back({"initial", {}, {}, false, {origin}, b.framework, {}});
    add_sum(result, "angular:initial", "initial", initial, origin, "files index.html loads first (Angular's Initial total)",
            brotli);
  }
  if (!sized(b.angular->files, all)) return;
  for (const auto& f : all) {
    if (util::ends_with(f.first, ".js") || util::ends_with(f.first, ".mjs")) scripts.push_back(f);
  }
  result.subjects.push_back({"all", {}, {}, false, {origin}, b.framework, {}});
  add_sum(result, "angular:all", "all", all, origin, "JS and CSS files: all of the build's", brotli);
  add_sum(result, "angular:all-script", "all scripts", scripts, origin, "scripts: all of the build's", brotli);
  std::map<std::string, Files> bundles;
  for (const auto& f : all) {
    const std::string file = fs::path(f.first).filename().string();
    add_sum(result, "angular:any:" + file, file, {f}, origin, "file", brotli);
    if (util::ends_with(file, ".js") || util::ends_with(file, ".mjs")) {
      add_sum(result, "angular:any-script:" + file, file, {f}, origin, "script", brotli);
    }
    // Without stats.json, the names the files carry: main-HASH.js (esbuild),
    // main.HASH.js (webpack); esbuild's shared chunk-HASH.js and webpack's numbered
    // lazy chunks have none.
    const std::string name = file.substr(0, file.find_first_of("-."));
    if (b.angular->bundles.empty() && !name.empty() && name != "chunk" &&
        name.find_first_not_of("0123456789") != std::string::npos && file != "3rdpartylicenses.txt") {
      bundles[name].push_back(f);
    }
  }
  for (const auto& [name, paths] : b.angular->bundles) sized(paths, bundles[name]);
  for (const auto& [name, files] : bundles) {
    add_sum(result, "angular:bundle:" + name, name, files, origin, "files of the bundle", brotli);
  }
}

}  // namespace

SourceResult read_routes(const RouteInputs& inputs) {
  SourceResult result;
  result.source = "routes";
  const util::Cache cache(!inputs.use_cache ? std::string()
                                            : inputs.cache_dir.empty() ? util::Cache::default_dir() : inputs.cache_dir);
  // The readers' parsed pages and module imports: one cache entry for these inputs.
  std::string memo_key = std::string(inputs.html.empty() ? "" : "html");
  for (const auto& list : {inputs.builds, inputs.html}) {
    for (const auto& b : list) {
      std::error_code ec;
      memo_key += '\0' + fs::absolute(b, ec).lexically_normal().string();
    }
  }
  ReadMemo memo(cache, util::hex64(util::hash64(memo_key)));
  struct Scope {
    explicit Scope(ReadMemo* m) { ReadMemo::current() = m; }
    ~Scope() { ReadMemo::current() = nullptr; }
  } scope(&memo);
  std::vector<Build> builds;
  for (const auto& b : inputs.builds) {
    try {
      builds.push_back(read_one(b));
    } catch (const util::Error& e) {
      result.errors.push_back({"routes", "", "", e.message()});
    }
  }
  for (const auto& pattern : inputs.html) {
    try {
      std::vector<std::string> files = util::has_glob_chars(pattern) ? util::expand_glob(pattern) : std::vector<std::string>{pattern};
      std::error_code ec;
      if (files.size() == 1 && fs::is_directory(files.front(), ec)) {
        builds.push_back(read_html_pages(files.front(), {}, "HTML pages", pattern));
        continue;
      }
      if (files.empty()) throw util::Error(pattern, "matches no file");
      for (const auto& f : files) {
        if (!fs::is_regular_file(f, ec)) throw util::Error(f, "does not exist or is not a file");
      }
      builds.push_back(read_html_pages(glob_root(pattern), files, "HTML pages", pattern));
    } catch (const util::Error& e) {
      result.errors.push_back({"routes", "", "", e.message()});
    }
  }

  // Every file once, sized in parallel; none from outside its build (a manifest or
  // page naming "../../etc/passwd", a link out of the folder).
  std::vector<std::string> paths;
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::string> outside;  // path -> why
  // Links resolved one folder at a time, each folder once (one lstat each): a
  // build has a folder per route, and resolving every file whole costs a
  // readlink per component of its path.
  std::map<fs::path, fs::path> real_dirs;
  std::function<fs::path(const fs::path&)> real_path = [&](const fs::path& p) -> fs::path {
    std::error_code ec;
    auto it = real_dirs.find(p);
    if (it != real_dirs.end()) return it->second;
    fs::path real;
    if (p.empty() || p == p.root_path() || p.filename() == "." || p.filename() == ".." || fs::is_symlink(p, ec)) {
      real = fs::weakly_canonical(p.empty() ? fs::path(".") : p, ec);
    } else {
      real = real_path(p.parent_path()) / p.filename();
    }
    return real_dirs.emplace(p, real).first->second;
  };
  for (auto& b : builds) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(b.root.empty() ? b.dir : b.root, ec);
    auto add = [&](const std::string& path) {
      if (index.count(path) || outside.count(path)) return;
      const fs::path real = real_path(fs::path(path).lexically_normal());
      const std::string rel = real.lexically_relative(root).generic_string();
      if (rel.empty() || util::starts_with(rel, "..")) {
        outside[path] = "it is outside the build folder " + root.string() + " (links followed); refusing to read it";
        return;
      }
      index.emplace(path, paths.size());
      paths.push_back(path);
    };
    for (auto& r : b.routes) {
      for (const auto& f : r.files) add(f.path);
    }
    if (b.angular) {
      for (const auto& f : b.angular->files) add(f);
      for (const auto& f : b.angular->initial) add(f);
      for (const auto& [name, files] : b.angular->bundles) {
        for (const auto& f : files) add(f);
      }
    }
    result.inputs.insert(result.inputs.end(), b.read.begin(), b.read.end());
  }
  const std::vector<FileSize> sizes = measure_files(paths, inputs.jobs, cache, inputs.brotli);

  std::set<std::string> names;
  for (const auto& b : builds) {
    // The files every route of the build loads: its shared part.
    std::map<std::string, std::size_t> used;
    for (const auto& r : b.routes) {
      for (const auto& f : r.files) ++used[f.path];
    }
    const bool many = b.routes.size() > 1;
    for (const auto& r : b.routes) {
      const std::string metric = "route:" + r.name;
      if (!names.insert(r.name).second) {
        result.errors.push_back({"routes", r.name, r.from,
                                 "route " + r.name + " is in two of the builds given; check them in separate runs"});
        continue;
      }
      Subject subject{r.name, {}, {}, false, {r.from}, b.framework, {}};
      bool complete = true;
      struct Part {
        const char* variant;
        std::uint64_t compression::Sizes::*field;
      };
      std::vector<std::pair<std::string, compression::Sizes>> files;
      std::vector<bool> shared;
      for (const auto& f : r.files) {
        if (auto o = outside.find(f.path); o != outside.end()) {
          result.errors.push_back({"routes", r.name, r.from, "route " + r.name + " loads " + f.path + ": " + o->second});
          complete = false;
          continue;
        }
        const FileSize& s = sizes[index[f.path]];
        if (!s.sizes) {
          result.errors.push_back({"routes", r.name, r.from,
                                   "route " + r.name + " loads " + f.path + ", which cannot be read: " + s.error +
                                       " (is the build complete, and the folder the one it wrote?)"});
          complete = false;
          continue;
        }
        files.emplace_back(display(f.path, b.dir), *s.sizes);
        shared.push_back(many && used[f.path] == b.routes.size());
      }
      subject.failed = !complete;
      result.subjects.push_back(subject);
      if (!complete) continue;
      for (const Part part : {Part{"gzip", &compression::Sizes::gzip}, Part{"brotli", &compression::Sizes::brotli},
                              Part{"raw", &compression::Sizes::raw}}) {
        if (std::string_view(part.variant) == "brotli" && !inputs.brotli) continue;
        Measurement m;
        m.metric = metric;
        m.subject = r.name;
        m.variant = part.variant;
        m.unit = budget::Unit::bytes;
        m.origin = r.from;
        double total = 0, common = 0;
        for (std::size_t i = 0; i < files.size(); ++i) {
          const double v = static_cast<double>(files[i].second.*part.field);
          total += v;
          if (shared[i]) common += v;
          m.details.push_back({files[i].first, v, shared[i] ? "shared" : ""});
        }
        std::stable_sort(m.details.begin(), m.details.end(), [](const Detail& a, const Detail& c) {
          return a.value != c.value ? a.value > c.value : a.name < c.name;
        });
        for (const auto& l : r.lazy) m.details.push_back({display(l, b.dir), 0, "lazy (import() or prefetch), not counted"});
        for (const auto& x : r.external) m.details.push_back({x, 0, "another origin, not in this build: not counted"});
        if (r.has_html) {
          m.details.push_back({"inline <script>/<style>: " + std::to_string(r.inline_bytes) + " B", 0,
                               "in the HTML document, not counted"});
        }
        m.value = total;
        m.note = b.framework + " (" + r.note + "): " + std::to_string(files.size()) + " files" +
                 (files.empty() ? std::string(", this route ships no JS or CSS file") : std::string()) +
                 (many && !files.empty() ? ", " + budget::human_bytes(common) + " shared by every route, " +
                             budget::human_bytes(total - common) + " its own"
                       : std::string());
        result.measurements.push_back(std::move(m));
      }
    }
    if (b.angular) angular_measurements(b, sizes, index, outside, inputs.brotli, result);
  }
  return result;
}

}  // namespace sources
