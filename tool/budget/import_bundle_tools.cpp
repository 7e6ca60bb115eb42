// size-limit and bundlesize configs, read with each tool's meaning:
//  - size-limit (.size-limit.json, or "size-limit" in package.json): each entry's
//    `path` (a file, glob or list) is summed — perfgate's "files:<glob>" — against
//    `limit`, where kB = 1000 B; gzip unless `"gzip": false` or `"brotli": true`.
//  - bundlesize (bundlesize.config.json, or "bundlesize" in package.json): each file
//    matching `path` is held to `maxSize` on its own — "file:<glob>" — where
//    kB = 1024 B; `compression` gzip (default), brotli or none.
// Paths are relative to --dist (run from the project root with --dist .).
// Options perfgate cannot honour (import/webpack/running/time) are refused by name.
#include "budget/importers.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <simdjson.h>

#include <charconv>
#include <filesystem>

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
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc()) return std::nullopt;
  std::string unit(util::trim(std::string_view(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr))));
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.empty() || unit == "b") return n;
  if (unit == "kb") return n * 1024;
  if (unit == "mb") return n * 1024 * 1024;
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

void size_limit(const std::string& name, element entries, Budget& out) {
  if (!entries.is_array()) throw util::Error(name, "size-limit: expected an array of checks");
  std::size_t i = 0;
  const simdjson::dom::array list = entries.get_array().value_unsafe();
  for (element e : list) {
    const std::string where = "size-limit[" + std::to_string(i++) + "]";
    if (!e.is_object()) throw util::Error(name, where + ": expected an object");
    const simdjson::dom::object o = e.get_object().value_unsafe();
    std::vector<std::string> paths;
    std::string limit;
    Compression compression = Compression::gzip;
    for (auto field : o) {
      const std::string key(field.key);
      if (key == "path") {
        if (field.value.is_string()) {
          paths.push_back(clean_path(std::string(std::string_view(field.value))));
        } else if (field.value.is_array()) {
          const simdjson::dom::array ps = field.value.get_array().value_unsafe();
          for (element p : ps) {
            if (p.is_string()) paths.push_back(clean_path(std::string(std::string_view(p))));
          }
        }
      } else if (key == "limit" && field.value.is_string()) {
        limit = std::string(std::string_view(field.value));
      } else if (key == "gzip") {
        bool on = true;
        if (!field.value.get_bool().get(on) && !on) compression = Compression::raw;
      } else if (key == "brotli") {
        bool on = false;
        if (!field.value.get_bool().get(on) && on) compression = Compression::brotli;
      } else if (key == "name") {
      } else {
        throw util::Error(name, where + "." + key + ": size-limit's \"" + key +
                                    "\" is not supported (perfgate measures built files as they are)");
      }
    }
    if (paths.empty() || limit.empty()) throw util::Error(name, where + ": needs path and limit");
    std::string error;
    auto bytes = parse_size(limit, error);  // size-limit: kB = 1000 B, as perfgate
    if (!bytes) throw util::Error(name, where + ".limit: " + error);
    if (paths.size() != 1) throw util::Error(name, where + ".path: several paths in one check are not supported; give one glob");
    out.rules.push_back(size_rule("files:" + paths[0], *bytes, compression, "<= " + limit, name + ": " + where));
  }
}

void bundlesize(const std::string& name, element files, Budget& out) {
  if (!files.is_array()) throw util::Error(name, "bundlesize: expected an array of files");
  std::size_t i = 0;
  const simdjson::dom::array list = files.get_array().value_unsafe();
  for (element f : list) {
    const std::string where = "files[" + std::to_string(i++) + "]";
    std::string_view path, max_size, compression = "gzip";
    if (f["path"].get_string().get(path) || f["maxSize"].get_string().get(max_size)) {
      throw util::Error(name, where + ": needs path and maxSize");
    }
    if (f["compression"].get_string().get(compression)) compression = "gzip";
    auto bytes = bundlesize_bytes(max_size);
    if (!bytes) throw util::Error(name, where + ".maxSize: \"" + std::string(max_size) + "\" is not a size such as \"10 kB\"");
    auto c = parse_compression(compression);
    if (!c) throw util::Error(name, where + ".compression: \"" + std::string(compression) + "\" is not gzip, brotli or none");
    out.rules.push_back(size_rule("file:" + clean_path(std::string(path)), *bytes, *c,
                                  "<= " + std::string(max_size) + " (kB = 1024 B)", name + ": " + where));
  }
}

}  // namespace

std::optional<Budget> import_bundle_tools(const std::string& path, std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(json.data(), json.size()).get(root)) return std::nullopt;
  const std::string file = std::filesystem::path(path).filename().string();
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
  } else if (file == "package.json") {
    throw util::Error(path, "has no \"size-limit\" or \"bundlesize\" section to read budgets from");
  } else {
    return std::nullopt;
  }
  if (budget.rules.empty()) throw util::Error(path, "holds no size check");
  return budget;
}

}  // namespace budget
