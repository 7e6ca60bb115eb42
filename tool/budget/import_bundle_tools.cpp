// size-limit and bundlesize configs, read with each tool's meaning:
//  - size-limit (.size-limit.json, or "size-limit" in package.json): each entry's
//    `path` (a file, glob or list) is summed — perfgate's "files:<glob>" — against
//    `limit` (bytes, or a size where kB = 1000 B, KiB = 1024 B). size-limit >= 11
//    (or no version in package.json): brotli unless `"gzip": true` (gzip) or
//    `"brotli": false` (none); before 11: gzip unless `"gzip": false` or `"brotli": true`.
//  - bundlesize (bundlesize.config.json, or "bundlesize" in package.json): each file
//    matching `path` is held to `maxSize` on its own — "file:<glob>" — where
//    kB = 1024 B; `compression` gzip (default), brotli or none. An entry without
//    maxSize is measured and reported, never failed, as both tools do.
//  - bundlewatch (bundlewatch.config.json, or "bundlewatch" in package.json): the
//    same per-file reading, with `defaultCompression` (gzip unless it says).
// Paths are relative to --dist (run from the project root with --dist .).
// Options perfgate cannot honour (import/webpack/running/time) are refused by name.
#include "budget/importers.hpp"

#include "budget/units.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

#include <simdjson.h>

#include <charconv>
#include <filesystem>
#include <limits>

namespace budget {

namespace {

using simdjson::dom::element;

std::string clean_path(std::string path) {
  if (util::starts_with(path, "./")) path.erase(0, 2);
  return path;
}

// bundlesize sizes: "3 kB", "10KB", "1.5 MB" with 1024-based units, as bundlesize reads them.
std::optional<double> bundlesize_bytes(std::string_view text) {
  text = util::trim(text);
  double n = 0;
  auto [ptr, ec] = util::parse_double(text.data(), text.data() + text.size(), n);
  if (ec != std::errc()) return std::nullopt;
  std::string unit(util::trim(std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr))));
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.empty() || unit == "b") return n;
  if (unit == "kb") return n * 1024;
  if (unit == "mb") return n * 1024 * 1024;
  if (unit == "gb") return n * 1024 * 1024 * 1024;
  return std::nullopt;
}

Rule size_rule(const std::string& metric, double bytes, Compression compression, std::string text, std::string origin) {
  Rule r;
  r.metric = metric;
  r.info = find_metric(metric);
  if (!r.info) {
    // An empty path names no file ("file:" matches no metric): one line, never a null rule.
    throw util::Error(origin, "\"" + metric.substr(metric.find(':') + 1) +
                                  "\" is not a file path or glob; give the built files to measure (e.g. \"dist/*.js\")");
  }
  r.limit.op = Op::le;
  r.limit.value = bytes;
  r.limit.unit = Unit::bytes;
  r.limit.text = std::move(text);
  r.compression = compression;
  r.origin = std::move(origin);
  return r;
}

// size-limit's limits: a number of bytes, or a size with a unit read as its
// bytes-iec does (case-insensitive; kB = 1000 B, KiB = 1024 B). Time limits
// ("1 s", "500 ms") belong to @size-limit/time, which perfgate does not run.
std::optional<double> size_limit_bytes(element limit, std::string& error) {
  if (limit.is_number()) {
    double n = -1;
    if (limit.get_double().get(n) || !(n >= 0)) {
      error = "expected a non-negative number of bytes";
      return std::nullopt;
    }
    return n;
  }
  if (!limit.is_string()) {
    error = "expected a size such as \"10 kB\" or a number of bytes";
    return std::nullopt;
  }
  const std::string_view text = util::trim(std::string_view(limit));
  double n = 0;
  auto [ptr, ec] = util::parse_double(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || !(n >= 0)) {
    error = "\"" + std::string(text) + "\" is not a size such as \"10 kB\"";
    return std::nullopt;
  }
  std::string unit(util::trim(std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr))));
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit == "ms" || unit == "s") {
    error = "\"" + std::string(text) + "\" is a time limit (@size-limit/time runs the code in a browser); perfgate checks sizes only";
    return std::nullopt;
  }
  const std::pair<std::string_view, double> units[] = {{"", 1},       {"b", 1},        {"kb", 1e3},
                                                       {"mb", 1e6},   {"gb", 1e9},     {"kib", 1024},
                                                       {"mib", 1048576}, {"gib", 1073741824}};
  for (const auto& [name, factor] : units) {
    if (unit == name) return n * factor;
  }
  error = "\"" + std::string(text) + "\": unknown unit \"" + unit + "\" (B, kB, MB, GB, KiB, MiB, GiB)";
  return std::nullopt;
}

// The major version of size-limit the project depends on (package.json beside
// the config), or 0 when it does not say.
int size_limit_major(const std::string& config) {
  const std::filesystem::path pkg = std::filesystem::path(config).parent_path() / "package.json";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(pkg, ec)) return 0;
  try {
    const util::json::JsonText text = util::json::read_file(pkg.string());
    simdjson::dom::parser parser;
    element root;
    if (parser.parse(text.data(), text.size()).get(root)) return 0;
    for (const char* section : {"devDependencies", "dependencies"}) {
      std::string_view range;
      if (root[section]["size-limit"].get_string().get(range)) continue;
      // "^11.2.0", "~8.0.1", ">=9", "11.x": the first number is the major version.
      const auto digit = range.find_first_of("0123456789");
      if (digit == std::string_view::npos) return 0;
      int major = 0;
      std::from_chars(range.data() + digit, range.data() + range.size(), major);
      return major;
    }
  } catch (const util::Error&) {
  }
  return 0;
}

void size_limit(const std::string& name, element entries, Budget& out) {
  if (!entries.is_array()) throw util::Error(name, "size-limit: expected an array of checks");
  // size-limit 11 made brotli the default (@size-limit/file: "gzip": true asks for
  // gzip, "brotli": false for no compression); before 11, gzip was the default.
  const int major = size_limit_major(name);
  // The package.json beside the config is read too: no output may land on it.
  const std::string pkg = (std::filesystem::path(name).parent_path() / "package.json").string();
  std::error_code ec;
  if (major > 0 || std::filesystem::is_regular_file(pkg, ec)) out.files.push_back(pkg);
  const bool legacy = major > 0 && major < 11;
  std::size_t i = 0;
  const simdjson::dom::array list = entries.get_array().value_unsafe();
  if (list.size() == 0) throw util::Error(name, "size-limit: the config has no checks");
  for (element e : list) {
    const std::string where = "size-limit[" + std::to_string(i++) + "]";
    if (!e.is_object()) throw util::Error(name, where + ": expected an object");
    const simdjson::dom::object o = e.get_object().value_unsafe();
    std::vector<std::string> paths;
    std::optional<double> bytes;
    std::string limit_text;
    std::optional<bool> gzip, brotli;
    for (auto field : o) {
      const std::string key(field.key);
      if (key == "path") {
        if (field.value.is_string()) {
          paths.push_back(clean_path(std::string(std::string_view(field.value))));
        } else if (field.value.is_array()) {
          const simdjson::dom::array ps = field.value.get_array().value_unsafe();
          for (element p : ps) {
            if (!p.is_string()) throw util::Error(name, where + ".path: every path is a string");
            paths.push_back(clean_path(std::string(std::string_view(p))));
          }
        } else {
          throw util::Error(name, where + ".path: expected a string or an array of strings");
        }
      } else if (key == "limit") {
        std::string error;
        bytes = size_limit_bytes(field.value, error);
        if (!bytes) throw util::Error(name, where + ".limit: " + error);
        limit_text = field.value.is_string() ? std::string(std::string_view(field.value))
                                             : human_bytes(*bytes);
      } else if (key == "gzip" || key == "brotli") {
        bool on = false;
        if (field.value.get_bool().get(on)) throw util::Error(name, where + "." + key + ": expected true or false");
        (key == "gzip" ? gzip : brotli) = on;
      } else if (key == "name" || key == "message" || key == "hidePassed" || key == "highlightLess") {
      } else {
        throw util::Error(name, where + "." + key + ": size-limit's \"" + key +
                                    "\" is not supported (perfgate measures built files as they are)");
      }
    }
    if (paths.empty() || !bytes) throw util::Error(name, where + ": needs path and limit");
    for (const auto& p : paths) {
      if (util::starts_with(p, "!")) {
        throw util::Error(name, where + ".path: negated patterns (\"" + p + "\") are not supported; list the files to count");
      }
    }
    Compression compression;
    if (legacy) {
      compression = gzip == false ? Compression::raw : brotli == true ? Compression::brotli : Compression::gzip;
    } else {
      compression = gzip == true ? Compression::gzip : brotli == false ? Compression::raw : Compression::brotli;
    }
    // Several paths are one sum, as size-limit sums them: one brace pattern.
    std::string glob = paths[0];
    if (paths.size() > 1) glob = "{" + util::join(paths, ",") + "}";
    out.rules.push_back(size_rule("files:" + glob, *bytes, compression, "<= " + limit_text,
                                  name + ": " + where + (legacy ? " (size-limit " + std::to_string(major) + ")" : "")));
  }
}

// bundlesize's and bundlewatch's "files": each matching file on its own against
// maxSize (the `bytes` package: kB = 1024 B, any case), `compression` gzip, brotli
// or none (the tool's default when absent).
void each_file(const std::string& tool, const std::string& name, element files, std::string_view default_compression,
               Budget& out) {
  if (!files.is_array()) throw util::Error(name, tool + ": expected an array of files");
  std::size_t i = 0;
  const simdjson::dom::array list = files.get_array().value_unsafe();
  if (list.size() == 0) throw util::Error(name, tool + ": \"files\" is empty");
  for (element f : list) {
    const std::string where = "files[" + std::to_string(i++) + "]";
    if (!f.is_object()) throw util::Error(name, where + ": expected an object with path and maxSize");
    std::string_view path, max_size, compression = default_compression;
    const simdjson::dom::object entry = f.get_object().value_unsafe();
    for (auto field : entry) {
      const std::string_view key = field.key;
      if (key == "path" || key == "maxSize" || key == "compression") {
        std::string_view text;
        if (field.value.get_string().get(text)) throw util::Error(name, where + "." + std::string(key) + ": expected a string");
        (key == "path" ? path : key == "maxSize" ? max_size : compression) = text;
      } else {
        throw util::Error(name, where + "." + std::string(key) + ": " + tool + "'s \"" + std::string(key) +
                                    "\" is not supported");
      }
    }
    if (path.empty()) throw util::Error(name, where + ": needs a path");
    auto c = parse_compression(compression);
    if (!c) throw util::Error(name, where + ".compression: \"" + std::string(compression) + "\" is not gzip, brotli or none");
    if (max_size.empty()) {
      // Both tools report such a file and pass it (their maxSize defaults to Infinity):
      // measured and shown, never failed — and still an error when the path matches nothing.
      out.rules.push_back(size_rule("file:" + clean_path(std::string(path)), std::numeric_limits<double>::infinity(), *c,
                                    "none (no maxSize: " + tool + " only reports the size)", name + ": " + where));
      continue;
    }
    auto bytes = bundlesize_bytes(max_size);
    if (!bytes) throw util::Error(name, where + ".maxSize: \"" + std::string(max_size) + "\" is not a size such as \"10 kB\"");
    out.rules.push_back(size_rule("file:" + clean_path(std::string(path)), *bytes, *c,
                                  "<= " + std::string(max_size) + " (kB = 1024 B)", name + ": " + where));
  }
}

// bundlewatch 0.4.2 gives each file the LAST entry whose path matches it (a later entry
// replaces an earlier one in its map of files); bundlesize checks a file against every
// entry that matches it.
void last_entry_wins(Budget& out, std::size_t first) {
  for (std::size_t i = first; i < out.rules.size(); ++i) {
    for (std::size_t j = i + 1; j < out.rules.size(); ++j) out.rules[i].unless.push_back(out.rules[j].metric);
  }
}

void bundlewatch(const std::string& name, element config, Budget& out) {
  if (!config.is_object()) throw util::Error(name, "bundlewatch: expected an object with \"files\"");
  std::string_view default_compression = "gzip";  // bundlewatch's default
  element files;
  bool has_files = false;
  const simdjson::dom::object object = config.get_object().value_unsafe();
  for (auto field : object) {
    const std::string_view key = field.key;
    if (key == "files") {
      files = field.value;
      has_files = true;
    } else if (key == "defaultCompression") {
      if (field.value.get_string().get(default_compression)) {
        throw util::Error(name, "defaultCompression: expected \"gzip\", \"brotli\" or \"none\"");
      }
    } else if (key == "ci" || key == "bundlewatchServiceHost" || key == "normalizeFilenames") {
      // Where bundlewatch reports to, and how it names files there: no bearing on sizes.
    } else {
      throw util::Error(name, std::string(key) + ": bundlewatch's \"" + std::string(key) + "\" is not supported");
    }
  }
  if (!has_files) throw util::Error(name, "bundlewatch: no \"files\"");
  const std::size_t first = out.rules.size();
  each_file("bundlewatch", name, files, default_compression, out);
  last_entry_wins(out, first);
}

void bundlesize(const std::string& name, element files, Budget& out) { each_file("bundlesize", name, files, "gzip", out); }

}  // namespace

std::optional<Budget> import_bundle_tools(const std::string& path, std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(json.data(), json.size()).get(root)) return std::nullopt;
  // A JavaScript config (.size-limit.js, evaluated by Node) is read as its JSON form.
  std::string file = std::filesystem::path(path).filename().string();
  for (std::string_view ext : {".cjs", ".mjs", ".js"}) {
    if (util::ends_with(file, ext)) {
      file = file.substr(0, file.size() - ext.size()) + ".json";
      break;
    }
  }
  Budget budget;
  budget.path = path;
  element v;
  if (file == ".size-limit.json" || (file == "package.json" && !root["size-limit"].get(v))) {
    size_limit(path, file == "package.json" ? v : root, budget);
    budget.path += " (size-limit)";
  } else if (file == "bundlesize.config.json" || (file == "package.json" && !root["bundlesize"].get(v))) {
    element files = root;
    if (file == "bundlesize.config.json" && root["files"].get(files)) throw util::Error(path, "bundlesize: no \"files\"");
    bundlesize(path, file == "package.json" ? v : files, budget);
    budget.path += " (bundlesize)";
  } else if (file == "bundlewatch.config.json" || file == ".bundlewatch.config.json" ||
             (file == "package.json" && !root["bundlewatch"].get(v))) {
    bundlewatch(path, file == "package.json" ? v : root, budget);
    budget.path += " (bundlewatch)";
  } else if (file == "package.json") {
    throw util::Error(path, "has no \"size-limit\", \"bundlesize\" or \"bundlewatch\" section to read budgets from");
  } else {
    return std::nullopt;
  }
  if (budget.rules.empty()) throw util::Error(path, "holds no size check");
  return budget;
}

}  // namespace budget
