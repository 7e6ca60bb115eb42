// --openapi FILE: the API's own description (OpenAPI 3.x or Swagger 2.0, YAML or JSON)
// as endpoint templates, so that requests a tool named by their URL are grouped as the
// API defines its operations ("GET /v1/patients/{id}"), not as budget keys happen to.
// Only `paths` and their operations are read, prefixed with the path of the servers'
// URLs (3.x) or the basePath (2.0): a request's path is what the server received.
#include "sources/load/load.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"
#include "util/yaml.hpp"

#include <simdjson.h>

#include <set>

namespace sources {

namespace {

// The path of a server URL ("https://api.example.com/v1" -> "/v1"), its {variables}
// given their defaults; "" for the root.
std::string server_path(std::string url, const simdjson::dom::element* variables) {
  for (std::size_t open; (open = url.find('{')) != std::string::npos;) {
    const auto close = url.find('}', open);
    if (close == std::string::npos) break;
    const std::string name = url.substr(open + 1, close - open - 1);
    std::string_view def;
    if (variables && variables->is_object() && !(*variables)[name]["default"].get_string().get(def)) {
      url.replace(open, close - open + 1, def);
    } else {
      break;  // a variable without a default: no path to take from it
    }
  }
  if (const auto scheme = url.find("://"); scheme != std::string::npos) {
    const auto slash = url.find('/', scheme + 3);
    url = slash == std::string::npos ? std::string() : url.substr(slash);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.empty() && url.front() != '/') url = "/" + url;
  return url;
}

}  // namespace

std::vector<std::string> openapi_templates(const std::string& path) {
  const util::json::JsonText content = util::json::read_file(path);
  const std::string_view raw(content.data(), content.size());
  const auto start = raw.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos) throw util::Error(path, "empty");
  std::string text = raw[start] == '{' ? std::string(raw) : util::yaml_to_json(raw, path, std::size_t{64} << 20);
  util::json::refuse_duplicate_keys(text, path);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto e = parser.parse(text).get(root)) throw util::Error(path, "not JSON or YAML: " + util::json::describe(e));
  if (!root.is_object()) throw util::Error(path, "not an OpenAPI document (not an object)");
  std::string_view version;
  const bool v3 = !root["openapi"].get_string().get(version);
  const bool v2 = !v3 && !root["swagger"].get_string().get(version);
  if (!v3 && !v2) throw util::Error(path, "not an OpenAPI document (no \"openapi\" or \"swagger\" version field)");
  std::set<std::string> prefixes;
  if (v3) {
    simdjson::dom::array servers;
    if (!root["servers"].get_array().get(servers)) {
      for (auto s : servers) {
        std::string_view url;
        simdjson::dom::element variables;
        const bool has_variables = !s["variables"].get(variables);
        if (!s["url"].get_string().get(url)) prefixes.insert(server_path(std::string(url), has_variables ? &variables : nullptr));
      }
    }
  } else {
    std::string_view base;
    if (!root["basePath"].get_string().get(base)) prefixes.insert(server_path(std::string(base), nullptr));
  }
  if (prefixes.empty()) prefixes.insert("");
  simdjson::dom::object paths;
  if (root["paths"].get_object().get(paths)) throw util::Error(path, "an OpenAPI document without \"paths\"");
  std::vector<std::string> out;
  for (auto [key, item] : paths) {
    const std::string p(key);
    if (p.empty() || p.front() != '/') throw util::Error(path, "paths: \"" + p + "\" does not start with /");
    simdjson::dom::object ops;
    if (item.get_object().get(ops)) throw util::Error(path, "paths." + p + ": not an object");
    for (auto [method, op] : ops) {
      static const std::set<std::string_view> k_methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
      if (!k_methods.count(method)) continue;  // parameters, summary, servers, $ref...
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(c - 'a' + 'A');
      for (const auto& prefix : prefixes) out.push_back(m + " " + prefix + p);
    }
  }
  if (out.empty()) throw util::Error(path, "an OpenAPI document whose paths have no operations");
  return out;
}

}  // namespace sources
