// Lighthouse CI's lighthouserc (ci.assert) and Lighthouse's budget.json, read as
// lhci 0.15 reads them: maxNumericValue is "<=", minScore ">=" on the 0-1 score,
// an assertion without options means minScore 0.9, the default aggregation is
// optimistic, matchingUrlPattern is a regular expression searched in the page's
// URL, budget.json sizes are KiB (x1024) and its paths become URL patterns.
// What perfgate cannot honour is an error that names it, never ignored.
#include "budget/importers.hpp"


#include "budget/units.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"

#include <simdjson.h>

#include <cmath>
#include <filesystem>

namespace budget {

namespace {

using simdjson::dom::element;

class RcImporter {
public:
  explicit RcImporter(std::string name) : m_name(std::move(name)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw util::Error(m_name, where + ": " + what);
  }

  std::string str(element e, const std::string& where) const {
    if (!e.is_string()) fail(where, "expected a string");
    return std::string(std::string_view(e));
  }

  std::shared_ptr<const util::Regex> regex(const std::string& pattern, const std::string& where) const {
    return std::make_shared<const util::Regex>(pattern, m_name + ": " + where);
  }

  // One set of lhci options (after resolve_lighthouserc: presets merged, extends
  // resolved, kebab names aliased): assertions, aggregationMethod, matchingUrlPattern,
  // budgetsFile.
  void options(simdjson::dom::object o, const std::string& where, Budget& out) {
    std::string aggregation = "optimistic";  // lhci's default
    std::shared_ptr<const util::Regex> pattern;
    for (auto field : o) {
      const std::string key(field.key);
      const std::string at = where + "." + key;
      if (key == "aggregationMethod") {
        aggregation = str(field.value, at);
        if (!parse_aggregate(aggregation)) fail(at, "\"" + aggregation + "\" is not an lhci aggregation method");
      } else if (key == "matchingUrlPattern") {
        pattern = regex(str(field.value, at), at);
      } else if (key == "includePassedAssertions" || key == "assertions" || key == "budgetsFile" ||
                 key == "assertMatrix") {
      } else if (key == "lhr" || key == "upload" || key == "collect" || key == "server" || key == "wizard") {
        // Where lhci finds runs and sends them: perfgate is given its reports.
      } else {
        fail(at, "\"" + key + "\" is not an option of lhci assert (assertions, preset, assertMatrix, "
                              "aggregationMethod, matchingUrlPattern, budgetsFile, includePassedAssertions)");
      }
    }
    element v;
    if (!o["assertions"].get(v)) {
      if (!v.is_object()) fail(where + ".assertions", "expected an object");
      const simdjson::dom::object items1 = v.get_object().value_unsafe();
      for (auto field : items1) {
        assertion(std::string(field.key), field.value, aggregation, pattern, where + ".assertions." + std::string(field.key), out);
      }
    }
    if (!o["budgetsFile"].get(v)) {
      // lhci resolves it against the folder it runs in, not the lighthouserc's.
      const std::string file = str(v, where + ".budgetsFile");
      std::error_code ec;
      if (!std::filesystem::exists(file, ec)) {
        fail(where + ".budgetsFile", "\"" + file + "\" does not exist; lhci reads it relative to the folder it runs in (here: " +
                                         std::filesystem::current_path(ec).string() + ")");
      }
      // Read like every JSON input: a regular file within the size limit (a FIFO or
      // /dev/zero is refused unopened), gzip and a byte-order mark handled.
      const util::json::JsonText text = util::json::read_file(file);
      import_lighthouse_budget(std::string_view(text.data(), text.size()), file, out);
      out.files.push_back(file);  // read too: no output may land on it
    }
  }

  void assertion(std::string key, element spec, const std::string& aggregation,
                 const std::shared_ptr<const util::Regex>& pattern, const std::string& where, Budget& out) {
    std::string level;
    simdjson::dom::object opts;
    bool has_opts = false;
    if (spec.is_null()) return;  // lhci: no assertion is "off"
    if (spec.is_string()) {
      level = str(spec, where);
    } else if (spec.is_array()) {
      simdjson::dom::array a = spec.get_array().value_unsafe();
      if (a.size() == 0) fail(where, "expected [level, options]");
      if (a.size() > 2) {
        // ["warn", {...}, "error", {...}]: lhci reads the first two and silently drops
        // the rest, which the author meant as assertions.
        fail(where, "has " + std::to_string(a.size()) + " elements; lhci reads only [level, options] and silently "
                    "ignores the rest: put every option in the one options object");
      }
      level = str(a.at(0).value_unsafe(), where + "[0]");
      if (a.size() > 1) {
        element o = a.at(1).value_unsafe();
        if (!o.is_object()) fail(where + "[1]", "expected an options object");
        opts = o.get_object().value_unsafe();
        has_opts = true;
      }
    } else {
      fail(where, "expected \"error\", \"warn\", \"off\" or [level, options]");
    }
    if (level == "off") return;
    // lhci fails the run only for "error"; any other level ("warn", "info", "ERROR")
    // is reported and never fails it: a warning.
    const std::string severity = level == "error" ? "error" : "warn";
    // lhci looks an assertion up under its kebab-cased key, so a key with a capital
    // letter is never asserted there, silently. perfgate says so instead.
    if (std::any_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      fail(where, "lhci never asserts a key with capital letters (it looks it up as \"" + kebab(key) +
                      "\" and finds nothing, so the assertion is silently off); write \"" + kebab(key) + "\"");
    }
    // lhci writes keys with ':' or '.' between parts.
    for (auto& c : key) {
      if (c == '.') c = ':';
    }
    const std::vector<std::string> parts = split_key(key);
    if (parts.empty()) fail(where, "an empty assertion key");
    const std::string& audit = parts[0];
    if (audit == "performance-budget" || audit == "timing-budget") {
      fail(where, "assertions on Lighthouse's own budget audits are not supported; use budgetsFile");
    }
    std::string agg = aggregation;
    std::optional<double> min_score, max_value, max_length;
    if (has_opts) {
      for (auto field : opts) {
        const std::string k(field.key);
        double n = 0;
        if (k == "minScore" || k == "maxNumericValue" || k == "maxLength") {
          if (field.value.is_string()) {
            // lhci compares with JavaScript's < and >, which read "5200" as 5200: so
            // does perfgate. Text that is not a number would compare as NaN — never
            // failing in lhci — and is refused.
            std::string_view text = field.value.get_string().value_unsafe();
            while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
            while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
            auto [ptr, ec] = util::parse_double(text.data(), text.data() + text.size(), n);
            if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(n)) {
              fail(where + "." + k, "\"" + std::string(field.value.get_string().value_unsafe()) +
                                        "\" is not a number (lhci would compare against NaN, which never fails)");
            }
          } else if (field.value.get_double().get(n)) {
            fail(where + "." + k, "expected a number");
          }
          (k == "minScore" ? min_score : k == "maxLength" ? max_length : max_value) = n;
        } else if (k == "aggregationMethod") {
          agg = str(field.value, where + "." + k);
          if (!parse_aggregate(agg)) fail(where + "." + k, "\"" + agg + "\" is not an lhci aggregation method");
        } else {
          // lhci ignores an option it does not know, and then asserts minScore 0.9 in
          // its place: a typo would silently change the assertion.
          fail(where + "." + k, "\"" + k + "\" is not an lhci assertion option (minScore, maxLength, maxNumericValue, "
                                "aggregationMethod); lhci would ignore it");
        }
      }
    }
    // lhci's default: no maxLength/maxNumericValue/minScore means minScore 0.9.
    if (!min_score && !max_value && !max_length) min_score = 0.9;
    const std::string property = parts.size() > 1 ? util::join(std::vector<std::string>(parts.begin() + 1, parts.end()), ":") : "";
    if (audit == "categories" && property.empty()) fail(where, "\"categories\" needs a category id: categories:performance");
    if (audit == "categories") {
      if (max_length) fail(where, "maxLength on a category: a category has no items (lhci always measures 0); use minScore");
      // A category has only a score: lhci fails maxNumericValue on it for want of a
      // value, on every report (a warning at level warn); perfgate does the same.
      if (max_value) add("category-value:" + property, Op::le, *max_value, severity, agg, pattern, where, out);
      if (min_score) add("categories:" + property, Op::ge, *min_score, severity, agg, pattern, where, out);
      return;
    }
    if (audit == "resource-summary" && !property.empty()) {
      if (parts.size() != 3 || (parts[2] != "size" && parts[2] != "count")) {
        fail(where, "\"" + key + "\" is not resource-summary:<type>:size or :count (lhci refuses it too)");
      }
      if (!max_value || min_score || max_length) {
        fail(where, "a resource-summary row is asserted with maxNumericValue (minScore and maxLength would assert the "
                    "resource-summary audit, not the row)");
      }
      add(key, Op::le, *max_value, severity, agg, pattern, where, out);
      return;
    }
    if (audit == "user-timings" && !property.empty()) {
      std::string name = parts[1];
      for (std::size_t i = 2; i < parts.size(); ++i) name += "-" + parts[i];
      if (!max_value || min_score || max_length) {
        fail(where, "a user timing is asserted with maxNumericValue (minScore and maxLength would assert the "
                    "user-timings audit, not the timing)");
      }
      add("user-timings:" + user_timing_key(name), Op::le, *max_value, severity, agg, pattern, where, out);
      return;
    }
    if (!property.empty()) fail(where, "\"" + key + "\": only categories, resource-summary and user-timings take a part after ':'");
    if (max_length) add("audit-items:" + audit, Op::le, *max_length, severity, agg, pattern, where, out);
    if (max_value) add(audit, Op::le, *max_value, severity, agg, pattern, where, out);
    if (min_score) add("audit-score:" + audit, Op::ge, *min_score, severity, agg, pattern, where, out);
  }

  static std::string kebab(const std::string& key) {
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) {
      const char c = key[i];
      if (c >= 'A' && c <= 'Z') {
        if (i > 0 && key[i - 1] >= 'a' && key[i - 1] <= 'z') out += '-';
        out += static_cast<char>(c - 'A' + 'a');
      } else {
        out += c;
      }
    }
    return out;
  }

  static std::vector<std::string> split_key(const std::string& key) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : key) {
      if (c == ':') {
        if (!part.empty()) parts.push_back(part);
        part.clear();
      } else {
        part += c;
      }
    }
    if (!part.empty()) parts.push_back(part);
    return parts;
  }

  void add(const std::string& key, Op op, double value, const std::string& level, const std::string& agg,
           const std::shared_ptr<const util::Regex>& pattern, const std::string& where, Budget& out) {
    // Every id from a config is checked before it is looked up: empty, unknown or
    // odd ids are one clear line, never a missing table entry (a fuzzing finding).
    const bool id_ok = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':';
    });
    if (!id_ok) {
      fail(where, "\"" + key + "\" is not a Lighthouse audit or metric id (ids are letters, digits and '-', "
                  "e.g. \"largest-contentful-paint\")");
    }
    Rule rule;
    rule.info = find_metric(key);
    rule.metric = key;
    if (!rule.info || rule.info->source != "lighthouse") {
      // Any other audit id: its numericValue, as lhci reads it.
      rule.metric = "audit:" + key;
      rule.info = find_metric(rule.metric);
    }
    if (!rule.info) fail(where, "\"" + key + "\" is not a Lighthouse audit or metric id");
    rule.limit.op = op;
    rule.limit.value = value;
    rule.limit.unit = base_unit(rule.info->quantity);
    rule.limit.text = std::string(op_text(op)) + " " + human_value(value, rule.limit.unit, rule.metric);
    rule.severity = level == "warn" ? Severity::warn : Severity::error;
    rule.aggregate = parse_aggregate(agg);
    rule.url_regex = pattern;
    rule.origin = m_name + ": " + where;
    out.rules.push_back(std::move(rule));
  }

  // Lighthouse's budget.json: [{path, timings, resourceSizes (KiB), resourceCounts}].
  void import_lighthouse_budget(std::string_view json, const std::string& name, Budget& out) {
    RcImporter inner(name);
    util::json::refuse_duplicate_keys(json, name);
    simdjson::dom::parser parser;
    element root;
    if (auto error = parser.parse(json.data(), json.size()).get(root)) {
      inner.fail("budget", std::string("not valid JSON: ") + simdjson::error_message(error));
    }
    if (!root.is_array()) inner.fail("budget", "a Lighthouse budget file is an array of budgets");
    std::size_t i = 0;
    const simdjson::dom::array items2 = root.get_array().value_unsafe();
    for (element b : items2) {
      const std::string where = "[" + std::to_string(i++) + "]";
      if (!b.is_object()) inner.fail(where, "expected an object");
      std::shared_ptr<const util::Regex> pattern;
      element v;
      std::string path = "/";
      if (!b["path"].get(v)) path = inner.str(v, where + ".path");
      // Lighthouse's rules for a budget path: it starts with '/', has at most one '*'
      // and at most one '$', at its end.
      const auto stars = std::count(path.begin(), path.end(), '*');
      const auto dollars = std::count(path.begin(), path.end(), '$');
      if (path.empty() || path[0] != '/' || stars > 1 || dollars > 1 || (dollars == 1 && path.back() != '$')) {
        inner.fail(where + ".path", "\"" + path + "\" is not a Lighthouse budget path (it starts with '/', has at most "
                                     "one '*' and at most one '$', at its end)");
      }
      // lhci: "/" or none matches every page; "*" matches anything; a final '$' anchors
      // the end; the rest literally, after the origin.
      if (path != "/") {
        std::string re = "https?://[^/]+";
        for (char c : path) {
          if (c == '*') re += ".*";
          else if (std::string_view("-[]{}()+?.,\\^|# \t\n\r\f\v").find(c) != std::string_view::npos) re += std::string("\\") + c;
          else re += c;
        }
        pattern = inner.regex(re, where + ".path");
      }
      const simdjson::dom::object items3 = b.get_object().value_unsafe();
      for (auto field : items3) {
        const std::string key(field.key);
        if (key == "path" || key == "options") continue;
        if (key != "timings" && key != "resourceSizes" && key != "resourceCounts") {
          inner.fail(where + "." + key, "unknown key in a Lighthouse budget");
        }
        if (!field.value.is_array()) inner.fail(where + "." + key, "expected an array");
        const simdjson::dom::array items4 = field.value.get_array().value_unsafe();
        for (element row : items4) {
          double budget = 0;
          if (row["budget"].get_double().get(budget)) inner.fail(where + "." + key, "every row needs a numeric budget");
          if (key == "timings") {
            element metric;
            if (row["metric"].get(metric)) inner.fail(where + ".timings", "every timing needs a metric");
            inner.add(inner.str(metric, where + ".timings.metric"), Op::le, budget, "error", "optimistic", pattern,
                      where + "." + key, out);
          } else {
            element type;
            if (row["resourceType"].get(type)) inner.fail(where + "." + key, "every row needs a resourceType");
            const std::string resource = inner.str(type, where + "." + key + ".resourceType");
            static const std::vector<std::string> k_types = {"document", "font",   "image",       "media", "other",
                                                              "script",   "stylesheet", "third-party", "total"};
            if (std::find(k_types.begin(), k_types.end(), resource) == k_types.end()) {
              inner.fail(where + "." + key + ".resourceType",
                         "\"" + resource + "\" is not a Lighthouse resource type" + util::did_you_mean(resource, k_types) +
                             " (" + util::join(k_types, ", ") + ")");
            }
            const bool size = key == "resourceSizes";
            inner.add("resource-summary:" + resource + (size ? ":size" : ":count"), Op::le,
                      size ? budget * 1024 : budget, "error", "optimistic", pattern, where + "." + key, out);
          }
        }
      }
    }
  }

  std::string m_name;
};

}  // namespace

std::optional<Budget> import_lighthouserc(const std::string& path, std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (parser.allocate(std::max<std::size_t>(json.size(), 64), util::limits().max_json_depth) ||
      parser.parse(json.data(), json.size()).get(root)) {
    return std::nullopt;  // not JSON: perfgate's own reader gives the message
  }
  RcImporter importer(path);
  Budget budget;
  budget.path = path + " (Lighthouse CI)";
  budget.aggregate = Aggregate::optimistic;
  element ci, assert_options;
  if (root.is_array()) {
    // A Lighthouse budget.json given directly: objects with timings/resourceSizes/resourceCounts.
    const simdjson::dom::array entries = root.get_array().value_unsafe();
    bool lighthouse_budget = entries.size() > 0;
    for (element e : entries) {
      element x;
      lighthouse_budget = lighthouse_budget && e.is_object() &&
                          (!e["timings"].get(x) || !e["resourceSizes"].get(x) || !e["resourceCounts"].get(x));
    }
    if (!lighthouse_budget) return std::nullopt;
    importer.import_lighthouse_budget(json, path, budget);
    budget.path = path + " (Lighthouse budget)";
    return budget;
  }
  element section;
  if (!root.is_object() || (root["ci"].get(section) && root["lhci"].get(section) && root["ci:client"].get(section))) {
    return std::nullopt;
  }
  // extends, presets, sections and option names resolved as lhci resolves them.
  const std::string resolved = resolve_lighthouserc(path, json);
  simdjson::dom::parser resolved_parser;
  if (resolved_parser.allocate(std::max<std::size_t>(resolved.size(), 64), util::limits().max_json_depth) ||
      resolved_parser.parse(resolved).get(root)) {
    throw util::Error(path, "the resolved lighthouserc is nested too deeply");
  }
  budget.lhci = true;
  if (root["ci"].get(ci) || ci["assert"].get(assert_options) || !assert_options.is_object() ||
      assert_options.get_object().value_unsafe().size() == 0) {
    throw util::Error(path, "a lighthouserc without ci.assert has no budgets to check (lhci: \"No assertions to use\")");
  }
  const auto options = assert_options.get_object().value_unsafe();
  element matrix;
  if (!options["assertMatrix"].get(matrix)) {
    if (!matrix.is_array()) importer.fail("ci.assert.assertMatrix", "expected an array");
    std::size_t i = 0;
    const simdjson::dom::array items5 = matrix.get_array().value_unsafe();
    for (element entry : items5) {
      if (!entry.is_object()) importer.fail("ci.assert.assertMatrix", "expected objects");
      importer.options(entry.get_object().value_unsafe(), "ci.assert.assertMatrix[" + std::to_string(i++) + "]", budget);
    }
  }
  importer.options(options, "ci.assert", budget);
  if (budget.rules.empty()) throw util::Error(path, "ci.assert holds no assertion perfgate can check");
  for (auto& rule : budget.rules) rule.lhci = true;  // lhci's reading of runs and missing values
  return budget;
}

}  // namespace budget
