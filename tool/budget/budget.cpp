#include "budget/budget.hpp"

#include "budget/importers.hpp"
#include "util/error.hpp"
#include "util/yaml.hpp"
#include "util/json.hpp"
#include "util/limits.hpp"
#include "util/process.hpp"
#include "util/strings.hpp"

#include <filesystem>
#include <set>

namespace budget {

std::string_view severity_name(Severity severity) {
  return severity == Severity::warn ? "warn" : "error";
}

std::string_view aggregate_name(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::median: return "median";
    case Aggregate::optimistic: return "optimistic";
    case Aggregate::pessimistic: return "pessimistic";
    case Aggregate::median_run: return "median-run";
  }
  return "median";
}

std::string_view compression_name(Compression compression) {
  switch (compression) {
    case Compression::gzip: return "gzip";
    case Compression::brotli: return "brotli";
    case Compression::raw: return "raw";
  }
  return "gzip";
}

std::optional<Aggregate> parse_aggregate(std::string_view name) {
  if (name == "median") return Aggregate::median;
  if (name == "optimistic") return Aggregate::optimistic;
  if (name == "pessimistic") return Aggregate::pessimistic;
  if (name == "median-run") return Aggregate::median_run;
  return std::nullopt;
}

std::optional<Compression> parse_compression(std::string_view name) {
  if (name == "gzip") return Compression::gzip;
  if (name == "brotli") return Compression::brotli;
  if (name == "raw" || name == "none") return Compression::raw;
  return std::nullopt;
}

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string type_of(const element& e) {
  switch (e.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

class Parser {
public:
  explicit Parser(const std::string& name) : m_name(name) {}

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw util::Error(m_name, key.empty() ? what : key + ": " + what);
  }

  std::string expect_string(const element& e, const std::string& key) const {
    if (!e.is_string()) fail(key, "is " + type_of(e) + ", expected a string");
    return std::string(std::string_view(e));
  }

  void check_keys(const simdjson::dom::object& obj, const std::string& where,
                  const std::vector<std::string>& allowed) const {
    for (auto field : obj) {
      const std::string key(field.key);
      bool ok = false;
      for (const auto& a : allowed) ok = ok || a == key;
      if (!ok) {
        fail(where.empty() ? key : where + "." + key,
             "unknown key" + util::did_you_mean(key, allowed) + "; allowed: " +
                 util::join(allowed, ", "));
      }
    }
  }

  Rule parse_rule(const std::string& raw_metric, const element& spec, const std::string& where) {
    Rule rule;
    rule.origin = m_name + ": " + where;
    rule.metric = canonical_metric(raw_metric);
    rule.info = find_metric(rule.metric);
    if (!rule.info) {
      fail(where, "unknown metric \"" + raw_metric + "\"" +
                      util::did_you_mean(raw_metric, known_metric_names()) +
                      " (see docs/budgets.md, \"Metrics\")");
    }
    std::string limit_text;
    if (spec.is_string()) {
      limit_text = std::string(std::string_view(spec));
    } else if (spec.is_object()) {
      const auto obj = spec.get_object().value_unsafe();
      check_keys(obj, where,
                 {"metric", "limit", "severity", "aggregate", "compression", "max_increase", "url",
                  "form_factor"});
      element v;
      if (obj["limit"].get(v)) fail(where, "has no \"limit\" (e.g. \"limit\": \"< 2.5 s\")");
      limit_text = expect_string(v, where + ".limit");
      if (!obj["severity"].get(v)) {
        const std::string s = expect_string(v, where + ".severity");
        if (s == "error") rule.severity = Severity::error;
        else if (s == "warn" || s == "warning") rule.severity = Severity::warn;
        else fail(where + ".severity", "\"" + s + "\" is not a severity; use \"error\" or \"warn\"");
      }
      if (!obj["aggregate"].get(v)) {
        const std::string s = expect_string(v, where + ".aggregate");
        rule.aggregate = parse_aggregate(s);
        if (!rule.aggregate) {
          fail(where + ".aggregate",
               "\"" + s + "\" is not an aggregation" +
                   util::did_you_mean(s, {"median", "optimistic", "pessimistic", "median-run"}) +
                   "; use median, optimistic, pessimistic or median-run");
        }
      }
      if (!obj["compression"].get(v)) {
        const std::string s = expect_string(v, where + ".compression");
        auto c = parse_compression(s);
        if (!c) fail(where + ".compression", "\"" + s + "\" is not gzip, brotli or raw");
        rule.compression = *c;
      }
      if (!obj["max_increase"].get(v)) {
        std::string error;
        rule.max_increase =
            parse_increase(expect_string(v, where + ".max_increase"), rule.info->quantity, error);
        if (!rule.max_increase) fail(where + ".max_increase", error);
      }
      if (!obj["url"].get(v)) rule.url = expect_string(v, where + ".url");
      if (!obj["form_factor"].get(v)) {
        rule.form_factor = expect_string(v, where + ".form_factor");
        if (rule.form_factor != "mobile" && rule.form_factor != "desktop") {
          fail(where + ".form_factor", "\"" + rule.form_factor + "\" is not mobile or desktop");
        }
      }
    } else {
      fail(where, "is " + type_of(spec) + "; expected a threshold string such as \"< 2.5 s\" or an "
                  "object with \"limit\"");
    }
    std::string error;
    auto threshold = parse_threshold(limit_text, rule.info->quantity, error);
    if (!threshold) fail(where, error);
    rule.limit = *threshold;
    return rule;
  }

  std::vector<std::string> parse_formats(const element& e, const std::string& where) const {
    if (!e.is_array()) fail(where, "is " + type_of(e) + ", expected an array of formats");
    std::vector<std::string> out;
    const simdjson::dom::array items = e.get_array().value_unsafe();
    for (auto item : items) {
      std::string f = expect_string(item, where);
      if (f == "jpg") f = "jpeg";
      static const std::vector<std::string> known = {"png", "jpeg", "gif", "webp", "avif"};
      bool ok = false;
      for (const auto& k : known) ok = ok || k == f;
      if (!ok) fail(where, "\"" + f + "\" is not an image format" + util::did_you_mean(f, known));
      out.push_back(f);
    }
    return out;
  }

  // "sla": [{"row", "target", "budgets": [keys]} or {"row", "target", "measured_by"}].
  void parse_sla(const element& v, Budget& budget) const {
    if (!v.is_array()) fail("sla", "is " + type_of(v) + ", expected an array of rows ({\"row\", \"target\", \"budgets\"})");
    std::size_t i = 0;
    const simdjson::dom::array rows = v.get_array().value_unsafe();
    for (element e : rows) {
      const std::string at = "sla[" + std::to_string(i++) + "]";
      if (!e.is_object()) fail(at, "is " + type_of(e) + ", expected an object ({\"row\", \"target\", \"budgets\"})");
      const auto row = e.get_object().value_unsafe();
      check_keys(row, at, {"row", "target", "budgets", "measured_by"});
      SlaRow out;
      out.origin = m_name + ": " + at;
      element f;
      if (row["row"].get(f)) fail(at, "has no \"row\" (the SLA's words for it)");
      out.row = expect_string(f, at + ".row");
      if (out.row.empty()) fail(at + ".row", "is empty");
      if (!row["target"].get(f)) out.target = expect_string(f, at + ".target");
      const bool has_keys = !row["budgets"].get(f);
      if (has_keys) {
        if (!f.is_array() || f.get_array().value_unsafe().size() == 0) {
          fail(at + ".budgets", "is " + type_of(f) + ", expected a non-empty array of budget keys ([\"interactive\"])");
        }
        std::size_t j = 0;
        const simdjson::dom::array keys = f.get_array().value_unsafe();
        for (element k : keys) {
          const std::string key = expect_string(k, at + ".budgets[" + std::to_string(j++) + "]");
          out.keys.push_back(canonical_metric(util::starts_with(key, "audit:") ? key.substr(6) : key));
        }
      }
      if (!row["measured_by"].get(f)) out.measured_by = expect_string(f, at + ".measured_by");
      if (has_keys == !out.measured_by.empty()) {
        fail(at, "needs either \"budgets\" (the keys perfgate judges it by) or \"measured_by\" (what measures it instead)");
      }
      for (const auto& other : budget.sla) {
        if (other.row == out.row) fail(at + ".row", "\"" + out.row + "\" is given twice");
      }
      budget.sla.push_back(std::move(out));
    }
  }

  Budget parse(std::string_view json) {
    simdjson::dom::parser parser;
    if (parser.allocate(std::max<std::size_t>(json.size(), 64), util::limits().max_json_depth)) {
      fail("", "out of memory");
    }
    element root;
    auto error = parser.parse(json.data(), json.size()).get(root);
    if (error) fail("", util::json::describe(error));
    if (!root.is_object()) fail("", "is " + type_of(root) + "; a budget file is a JSON object");
    const auto obj = root.get_object().value_unsafe();
    check_keys(obj, "", {"$schema", "aggregate", "budgets", "images", "legacy", "description", "include", "scenarios", "sla"});

    Budget budget;
    budget.path = m_name;
    element v;
    if (!obj["include"].get(v)) {
      if (v.is_string()) {
        budget.includes.push_back(expect_string(v, "include"));
      } else if (v.is_array()) {
        const simdjson::dom::array items = v.get_array().value_unsafe();
        for (auto item : items) budget.includes.push_back(expect_string(item, "include[]"));
      } else {
        fail("include", "is " + type_of(v) + ", expected a file name or an array of them (\"lighthouserc.json\")");
      }
      for (const auto& inc : budget.includes) {
        if (inc.empty()) fail("include", "an empty file name");
      }
    }
    if (!obj["aggregate"].get(v)) {
      const std::string s = expect_string(v, "aggregate");
      auto a = parse_aggregate(s);
      if (!a) {
        fail("aggregate", "\"" + s + "\" is not median, optimistic, pessimistic or median-run" +
                              util::did_you_mean(s, {"median", "optimistic", "pessimistic", "median-run"}));
      }
      budget.aggregate = *a;
    }
    if (!obj["images"].get(v)) {
      budget.images_set = true;
      if (!v.is_object()) fail("images", "is " + type_of(v) + ", expected an object");
      const auto images = v.get_object().value_unsafe();
      check_keys(images, "images", {"legacy_formats", "modern_formats", "min_size"});
      element f;
      if (!images["legacy_formats"].get(f)) {
        budget.images.legacy_formats = parse_formats(f, "images.legacy_formats");
      }
      if (!images["modern_formats"].get(f)) {
        budget.images.modern_formats = parse_formats(f, "images.modern_formats");
      }
      if (!images["min_size"].get(f)) {
        std::string size_error;
        auto size = parse_size(expect_string(f, "images.min_size"), size_error);
        if (!size) fail("images.min_size", size_error);
        // (A limit of 7.7e51 bytes once reached the integer cast: UB, found by fuzzing.)
        if (*size > 1e15) fail("images.min_size", "\"" + std::string(std::string_view(f)) + "\" is larger than any image");
        budget.images.min_bytes = static_cast<std::uint64_t>(*size);
      }
    }
    if (!obj["sla"].get(v)) parse_sla(v, budget);
    if (!obj["legacy"].get(v)) {
      if (!v.is_object()) fail("legacy", "is " + type_of(v) + ", expected an object of metric: value (\"api:GET /v1/x:p99\": \"1200 ms\")");
      const simdjson::dom::object entries = v.get_object().value_unsafe();
      for (auto field : entries) {
        const std::string key(field.key), where = "legacy." + key;
        Reference ref;
        ref.metric = canonical_metric(key);
        const MetricInfo* info = find_metric(ref.metric);
        if (!info) fail(where, "unknown metric \"" + key + "\"" + util::did_you_mean(key, known_metric_names()));
        for (const auto& other : budget.legacy) {
          if (other.metric == ref.metric) fail(where, "given twice");
        }
        ref.text = expect_string(field.value, where);
        std::string problem;
        // A value is read as a limit without its comparison: "1200 ms", "2.3 s".
        auto t = parse_threshold("<= " + ref.text, info->quantity, problem);
        if (!t) {
          // The message quotes the text as read ("<= 5 KB"): quote it as written.
          const auto at = problem.find("\"<= ");
          if (at != std::string::npos) problem.erase(at + 1, 3);
          fail(where, problem);
        }
        ref.value = t->value;
        budget.legacy.push_back(std::move(ref));
      }
    }
    std::set<std::string> seen;
    auto add = [&](Rule rule, const std::string& where) {
      std::string id = rule.metric + "|" + rule.url + "|" + rule.form_factor + "|" + rule.scenario;
      if (!seen.insert(id).second) fail(where, "\"" + rule.metric + "\" has two budgets for the same pages");
      budget.rules.push_back(std::move(rule));
    };
    // "scenarios": {"spike": {"api:p95": "< 1000 ms"}}: load-test rules of one scenario.
    element scenarios;
    if (!obj["scenarios"].get(scenarios)) {
      if (!scenarios.is_object()) fail("scenarios", "is " + type_of(scenarios) + ", expected an object of scenario: {metric: threshold}");
      const simdjson::dom::object all = scenarios.get_object().value_unsafe();
      for (auto scenario : all) {
        const std::string name(scenario.key);
        const std::string at = "scenarios." + name;
        if (name.empty()) fail(at, "a scenario needs a name (the NAME of --load NAME=FILE)");
        if (!scenario.value.is_object()) fail(at, "is " + type_of(scenario.value) + ", expected an object of metric: threshold");
        const simdjson::dom::object entries = scenario.value.get_object().value_unsafe();
        if (entries.size() == 0) fail(at, "is empty: a scenario with no rules checks nothing");
        for (auto field : entries) {
          const std::string key(field.key);
          Rule rule = parse_rule(key, field.value, at + "." + key);
          if (rule.info->source != std::string_view("load")) {
            fail(at + "." + key, "a scenario holds load-test rules (api:...); \"" + key + "\" is not one");
          }
          rule.scenario = name;
          add(std::move(rule), at + "." + key);
        }
      }
    }
    if (obj["budgets"].get(v)) {
      if (!budget.includes.empty() || !budget.rules.empty()) return budget;  // combines others, or scenarios only
      fail("", "has no \"budgets\" (e.g. \"budgets\": {\"largest-contentful-paint\": \"< 2.5 s\"})");
    }
    if ((v.is_object() && v.get_object().value_unsafe().size() == 0) ||
        (v.is_array() && v.get_array().value_unsafe().size() == 0)) {
      fail("budgets", "is empty: a budget with no rules checks nothing (add e.g. \"largest-contentful-paint\": \"< 2.5 s\")");
    }
    if (v.is_object()) {
      const simdjson::dom::object entries = v.get_object().value_unsafe();
      for (auto field : entries) {
        const std::string key(field.key);
        add(parse_rule(key, field.value, "budgets." + key), "budgets." + key);
      }
    } else if (v.is_array()) {
      std::size_t i = 0;
      const simdjson::dom::array entries = v.get_array().value_unsafe();
      for (auto item : entries) {
        const std::string where = "budgets[" + std::to_string(i++) + "]";
        if (!item.is_object()) fail(where, "is " + type_of(item) + ", expected an object with \"metric\" and \"limit\"");
        element m;
        if (item["metric"].get(m)) fail(where, "has no \"metric\"");
        add(parse_rule(expect_string(m, where + ".metric"), item, where), where);
      }
    } else {
      fail("budgets", "is " + type_of(v) + ", expected an object of metric: threshold");
    }
    return budget;
  }

private:
  std::string m_name;
};

}  // namespace

const Reference* find_legacy(const std::vector<Reference>& legacy, std::string_view metric) {
  const Reference* best = nullptr;
  for (const auto& ref : legacy) {
    if (ref.metric == metric) return &ref;
    if (api_key_matches(ref.metric, metric) && (!best || ref.metric.size() > best->metric.size())) best = &ref;
  }
  return best;
}

Budget parse_budget(std::string_view json, const std::string& name) {
  return Parser(name).parse(json);
}

Budget default_budget() {
  Budget b = parse_budget(k_default_budget_json, "(built-in default budget)");
  // The SLA's overall API rows (budgets/api-sla.json: api:p50, api:p95, api:error-rate,
  // ...) belong to the same SLA: they are checked when --load gives results, and skipped,
  // as every rule without its input, otherwise. Its per-endpoint rows name one API's
  // endpoints: they come with --budget budgets/api-sla.json, never on any API by default.
  Budget api = parse_budget(k_api_budget_json, "(built-in default budget)");
  for (auto& rule : api.rules) {
    if (rule.metric.find(':', 4) == std::string::npos) b.rules.push_back(std::move(rule));
  }
  for (auto& ref : api.legacy) b.legacy.push_back(std::move(ref));
  return b;
}

namespace {

bool yaml(const std::string& path) { return util::ends_with(path, ".yml") || util::ends_with(path, ".yaml"); }

constexpr int k_node_heap_mb = 256;

bool javascript(const std::string& path) {
  return util::ends_with(path, ".js") || util::ends_with(path, ".cjs") || util::ends_with(path, ".mjs");
}

// Evaluate a JavaScript config (.size-limit.js, lighthouserc.js) with Node, as the
// tools themselves load it, and return its export as JSON. A config is code: it runs
// with the user's rights, as it does under size-limit or lhci.
std::string evaluate_javascript(const std::string& path) {
  // Refused like any input first: missing, a folder, a FIFO, over the size limit.
  (void)util::json::read_file(path);
  if (!util::on_path("node")) {
    throw util::Error(path, "a JavaScript config needs Node.js to be read (node is not on the PATH); install Node or "
                            "write the config as JSON");
  }
  std::error_code ec;
  const std::string absolute = std::filesystem::absolute(path, ec).string();
  // The export (default or module.exports; a function is called), as JSON; then Node
  // exits, whatever the config left running (timers, children: run_capture kills them).
  static constexpr const char* k_script =
      "const {pathToFileURL} = await import('node:url');"
      "const m = await import(pathToFileURL(process.argv[1]).href);"
      "let c = m.default !== undefined ? m.default : m;"
      "if (typeof c === 'function') c = await c();"
      "process.stdout.write(JSON.stringify(c === undefined ? null : c), () => process.exit(0));";
  // Node's heap is capped (a config is a list of budgets, not a program that needs
  // gigabytes): a config that grows past it ends in Node's out-of-memory error, exit 2.
  const util::ProcessResult r =
      util::run_capture({"node", "--max-old-space-size=" + std::to_string(k_node_heap_mb), "--input-type=module", "-e",
                         k_script, absolute},
                        path, std::chrono::seconds(30), std::size_t{16} << 20);
  if (r.exit_code != 0) {
    if (r.err.find("heap out of memory") != std::string::npos || r.err.find("Reached heap limit") != std::string::npos) {
      throw util::Error(path, "Node ran out of memory evaluating the config (its heap is capped at " +
                                  std::to_string(k_node_heap_mb) + " MB: a config is a list of budgets)");
    }
    std::string why = r.err;
    // Node's first line of an error is enough ("SyntaxError: Unexpected token").
    for (const auto& line : {why.find("Error:"), why.find("Error ")}) {
      if (line != std::string::npos) {
        const auto start = why.rfind('\n', line);
        why = why.substr(start == std::string::npos ? 0 : start + 1);
        break;
      }
    }
    why = why.substr(0, why.find('\n'));
    throw util::Error(path, "Node could not evaluate the config" + (why.empty() ? std::string() : ": " + why));
  }
  return r.out;
}

}  // namespace

std::string read_config_json(const std::string& path) {
  if (javascript(path)) {
    std::string json = evaluate_javascript(path);
    util::json::refuse_duplicate_keys(json, path);
    return json;
  }
  const util::json::JsonText content = util::json::read_file(path);
  if (yaml(path)) {
    return util::yaml_to_json(std::string_view(content.data(), content.size()), path, std::size_t{64} << 20);
  }
  std::string text(content.data(), content.size());
  util::json::refuse_duplicate_keys(text, path);
  return text;
}

const char* const k_lighthouserc_names[10] = {
    ".lighthouserc.cjs",  "lighthouserc.cjs", ".lighthouserc.js",  "lighthouserc.js",  ".lighthouserc.json",
    "lighthouserc.json",  ".lighthouserc.yml", "lighthouserc.yml", ".lighthouserc.yaml", "lighthouserc.yaml",
};

Budget read_budget_file(const std::string& path) {
  const std::string text = read_config_json(path);
  if (auto imported = import_foreign_budget(path, text)) return std::move(*imported);
  if (javascript(path)) {
    throw util::Error(path, "a JavaScript config is read as size-limit's (.size-limit.js) or Lighthouse CI's "
                            "(lighthouserc.js, with ci.assert); this one is neither");
  }
  if (yaml(path)) {
    throw util::Error(path, "a YAML config is read as Lighthouse CI's (.lighthouserc.yml, with ci.assert); "
                            "this one has no ci section");
  }
  return parse_budget(text, path);
}

}  // namespace budget
