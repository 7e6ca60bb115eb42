// angular.json's `budgets`, read as the Angular CLI reads them
// (@angular/build's utils/bundle-calculator, Angular 17-21):
//  - the build target of the workspace's application (projects.<p>.architect.build, or
//    `targets`), its `options.budgets` and those of its default configuration
//    (`defaultConfiguration`, else "production");
//  - types: initial (the initial files), allScript (every script), all (every file),
//    anyScript / any (each script / each file on its own), bundle (a named bundle:
//    main, polyfills, styles, runtime), anyComponentStyle;
//  - thresholds: maximumWarning / maximumError (the size must not exceed them),
//    minimumWarning / minimumError (must not fall under), warning / error (both, around
//    the baseline); "Warning" is a warning, "Error" an error;
//  - values: a number with b, kb, mb or gb (Angular: 1 kb = 1000 bytes) or a percent of
//    `baseline`; with a baseline, the limit is baseline ± the value;
//  - sizes are raw bytes of the built files, as Angular counts them.
// The measurements come from the routes source's reading of an Angular build
// (`--build dist/<app>`), keys angular:initial, angular:all-script, angular:all,
// angular:any-script:<file>, angular:any:<file>, angular:bundle:<name>.
// anyComponentStyle is checked by `ng build` itself (a component's styles are compiled
// into its JS and leave no file to measure): it is listed as a note, never passed.
#include "budget/importers.hpp"

#include "budget/metrics.hpp"
#include "budget/units.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <simdjson.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>

namespace budget {

namespace {

using simdjson::dom::element;

// Angular's calculateBytes: "<number>[ ]<unit>" with unit b, kb, mb, gb or %, any case.
// Returns NaN for text Angular would not read either.
double angular_bytes(std::string_view input, double baseline, int factor) {
  const std::string_view text = util::trim(input);
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0) return std::numeric_limits<double>::quiet_NaN();
  if (i < text.size() && text[i] == '.') {
    std::size_t j = i + 1;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i + 1) return std::numeric_limits<double>::quiet_NaN();
    i = j;
  }
  double value = std::stod(std::string(text.substr(0, i)));
  std::size_t u = i;
  while (u < text.size() && (text[u] == ' ' || text[u] == '\t')) ++u;
  std::string unit(text.substr(u));
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit == "%") value = baseline * value / 100;
  else if (unit == "kb") value *= 1000;
  else if (unit == "mb") value *= 1000.0 * 1000;
  else if (unit == "gb") value *= 1000.0 * 1000 * 1000;
  else if (!unit.empty() && unit != "b") return std::numeric_limits<double>::quiet_NaN();
  if (baseline == 0) return value;
  return baseline + value * factor;
}

std::string text_of(simdjson::simdjson_result<element> e) {
  std::string_view s;
  return e.get_string().get(s) ? std::string() : std::string(s);
}

void read_budgets(const std::string& path, const std::string& where, element list, Budget& out) {
  if (!list.is_array()) throw util::Error(path, where + ": expected an array of budgets");
  std::size_t i = 0;
  const simdjson::dom::array entries = list.get_array().value_unsafe();
  for (element b : entries) {
    const std::string at = where + "[" + std::to_string(i++) + "]";
    if (!b.is_object()) throw util::Error(path, at + ": expected an object");
    const std::string type = text_of(b["type"]);
    const std::string name = text_of(b["name"]);
    std::string baseline_text = text_of(b["baseline"]);
    const simdjson::dom::object fields = b.get_object().value_unsafe();
    for (auto field : fields) {
      const std::string_view key = field.key;
      if (key != "type" && key != "name" && key != "baseline" && key != "maximumWarning" && key != "maximumError" &&
          key != "minimumWarning" && key != "minimumError" && key != "warning" && key != "error") {
        throw util::Error(path, at + "." + std::string(key) + ": not a key of an Angular budget");
      }
    }
    std::string metric;
    if (type == "initial") metric = "angular:initial";
    else if (type == "allScript") metric = "angular:all-script";
    else if (type == "all") metric = "angular:all";
    else if (type == "anyScript") metric = "angular:any-script:*";
    else if (type == "any") metric = "angular:any:*";
    else if (type == "bundle") {
      if (name.empty()) throw util::Error(path, at + ": a \"bundle\" budget needs the bundle's \"name\"");
      metric = "angular:bundle:" + name;
    } else if (type == "anyComponentStyle") {
      out.notes.push_back(path + ": " + at + " (anyComponentStyle) is checked by ng build itself: component styles "
                                         "are compiled into the JS and leave no file to measure");
      continue;
    } else {
      throw util::Error(path, at + ".type: \"" + type + "\" is not an Angular budget type (initial, allScript, all, "
                                                       "anyComponentStyle, anyScript, any, bundle)");
    }
    const double baseline = baseline_text.empty() ? 0 : angular_bytes(baseline_text, 0, 1);
    if (std::isnan(baseline)) throw util::Error(path, at + ".baseline: \"" + baseline_text + "\" is not a size Angular reads");
    struct Check {
      const char* key;
      Op op;
      int factor;
      Severity severity;
    };
    // In Angular's order: maximum, minimum, then warning/error both ways.
    const Check checks[] = {
      {"maximumWarning", Op::le, 1, Severity::warn},  {"maximumError", Op::le, 1, Severity::error},
      {"minimumWarning", Op::ge, -1, Severity::warn}, {"minimumError", Op::ge, -1, Severity::error},
      {"warning", Op::ge, -1, Severity::warn},        {"warning", Op::le, 1, Severity::warn},
      {"error", Op::ge, -1, Severity::error},         {"error", Op::le, 1, Severity::error},
    };
    bool any = false;
    for (const auto& c : checks) {
      const std::string value = text_of(b[c.key]);
      if (value.empty()) continue;
      any = true;
      const double bytes = angular_bytes(value, baseline, c.factor);
      if (std::isnan(bytes)) {
        throw util::Error(path, at + "." + c.key + ": \"" + value + "\" is not a size Angular reads (e.g. \"500kb\", "
                                                                   "\"1mb\", \"10%\" of a baseline)");
      }
      Rule r;
      r.metric = metric;
      r.info = find_metric(metric);
      r.limit.op = c.op;
      r.limit.value = bytes;
      r.limit.unit = Unit::bytes;
      r.limit.text = std::string(op_text(c.op)) + " " + human_bytes(bytes);
      r.severity = c.severity;
      r.compression = Compression::raw;  // Angular's budgets are on the files' own sizes
      r.origin = path + ": " + at + " (" + type + (name.empty() ? "" : " " + name) + ", " + c.key + " \"" + value +
                 "\"" + (baseline_text.empty() ? "" : ", baseline \"" + baseline_text + "\"") + ")";
      out.rules.push_back(std::move(r));
    }
    if (!any) throw util::Error(path, at + ": sets no threshold (maximumWarning, maximumError, minimumWarning, "
                                          "minimumError, warning or error)");
  }
}

}  // namespace

std::optional<Budget> import_angular(const std::string& path, std::string_view json) {
  if (std::filesystem::path(path).filename() != "angular.json") return std::nullopt;
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    throw util::Error(path, std::string("is not valid JSON: ") + simdjson::error_message(error));
  }
  element projects;
  if (root["projects"].get(projects) || !projects.is_object()) throw util::Error(path, "has no \"projects\"");
  Budget budget;
  budget.path = path + " (Angular budgets)";
  std::vector<std::string> with_budgets;
  const simdjson::dom::object all = projects.get_object().value_unsafe();
  for (auto project : all) {
    element build;
    const std::string p(project.key);
    if (project.value["architect"]["build"].get(build) && project.value["targets"]["build"].get(build)) continue;
    std::string configuration = "production";
    if (std::string c = text_of(build["defaultConfiguration"]); !c.empty()) configuration = c;
    const std::size_t before = budget.rules.size() + budget.notes.size();
    element list;
    const std::string base = "projects." + p + "." + (project.value["architect"].error() ? "targets" : "architect") + ".build";
    if (!build["options"]["budgets"].get(list)) read_budgets(path, base + ".options.budgets", list, budget);
    if (!build["configurations"][configuration]["budgets"].get(list)) {
      read_budgets(path, base + ".configurations." + configuration + ".budgets", list, budget);
    }
    if (budget.rules.size() + budget.notes.size() > before) with_budgets.push_back(p);
  }
  if (with_budgets.size() > 1) {
    throw util::Error(path, "has budgets for " + std::to_string(with_budgets.size()) + " projects (" +
                                util::join(with_budgets, ", ") + "); each is checked against its own build: copy "
                                "one project's budgets into an angular.json of their own, or write them as perfgate "
                                "angular: rules");
  }
  if (budget.rules.empty()) {
    throw util::Error(path, budget.notes.empty() ? "has no budgets in its build target (options or the default "
                                                   "configuration)"
                                                 : "has only anyComponentStyle budgets, which ng build checks itself; "
                                                   "nothing here for perfgate to check");
  }
  return budget;
}

}  // namespace budget
