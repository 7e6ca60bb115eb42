#include "sources/lighthouse.hpp"

#include "budget/metrics.hpp"
#include "net/http.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"
#include "util/json.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

namespace sources {

namespace {

std::optional<double> number_or_null(value v) {
  if (v.is_null()) return std::nullopt;
  return util::json::get_number(v);
}

class ReportParser {
public:
  ReportParser(LighthouseReport& out, bool scores, bool served_images = false)
    : m_out(out), m_scores(scores), m_served_images(served_images) {}

  // The context reached, for messages: "audits.first-contentful-paint.numericValue".
  const std::string& context() const { return m_context; }

  void parse_root(object root, bool wrapped = false) {
    util::json::UniqueKeys keys(wrapped ? "lighthouseResult" : "the top-level object");
    for (auto field : root) {
      const std::string_view key = field.unescaped_key();
      keys.add(key);
      value v = field.value();
      if (key == "lighthouseResult" && !wrapped) {
        // A PageSpeed Insights v5 response wraps the report (once).
        m_context = "lighthouseResult";
        parse_root(v.get_object(), true);
      } else if (key == "lighthouseVersion") {
        set(m_out.version, v, "lighthouseVersion");
      } else if (key == "requestedUrl") {
        set(m_out.requested_url, v, "requestedUrl");
      } else if (key == "finalUrl") {
        set(m_final_url, v, "finalUrl");
      } else if (key == "finalDisplayedUrl") {
        set(m_displayed_url, v, "finalDisplayedUrl");
      } else if (key == "runtimeError") {
        parse_runtime_error(v);
      } else if (key == "configSettings") {
        parse_settings(v);
      } else if (key == "categories") {
        parse_categories(v);
      } else if (key == "audits") {
        parse_audits(v);
        m_has_audits = true;
      } else if (key == "gatherMode") {
        set(m_out.gather_mode, v, "gatherMode");
      } else if (key == "error" && !wrapped) {
        parse_psi_error(v);
      } else if (key == "steps" && !wrapped) {
        parse_steps(v);
      }
    }
  }

  // A PageSpeed Insights error body: {"error": {"code", "message", "status", "errors"}}.
  void parse_psi_error(value v) {
    m_context = "error";
    if (v.type() != simdjson::ondemand::json_type::object) return;
    std::string code, message, status;
    for (auto field : v.get_object()) {
      const std::string_view key = field.unescaped_key();
      value x = field.value();
      if (key == "message" && x.type() == simdjson::ondemand::json_type::string) message = util::json::get_string(x);
      else if (key == "status" && x.type() == simdjson::ondemand::json_type::string) status = util::json::get_string(x);
      else if (key == "code" && x.type() == simdjson::ondemand::json_type::number) code = std::to_string(static_cast<long long>(x.get_double()));
    }
    m_psi_error = (code.empty() ? std::string() : "HTTP " + code + (status.empty() ? "" : " " + status) + ": ") +
                  (message.empty() ? std::string("no message") : message);
  }

  // A user flow (Lighthouse 9.6+): {"name", "steps": [{"name", "lhr"}]}; each step's
  // report is read like a report of its own.
  void parse_steps(value v) {
    std::size_t i = 0;
    for (value step : v.get_array()) {
      m_context = "steps[" + std::to_string(i) + "]";
      LighthouseReport report;
      std::string step_name;
      ReportParser inner(report, m_scores, m_served_images);
      bool has_lhr = false;
      for (auto field : step.get_object()) {
        const std::string_view key = field.unescaped_key();
        if (key == "name") {
          value n = field.value();
          if (n.type() == simdjson::ondemand::json_type::string) step_name = util::json::get_string(n);
        } else if (key == "lhr") {
          inner.parse_root(field.value().get_object(), true);
          has_lhr = true;
        }
      }
      if (!has_lhr || !inner.looks_like_report()) {
        throw util::Error("", m_context + ": a user-flow step without a Lighthouse report (lhr)");
      }
      inner.finish();
      report.step = "step " + std::to_string(i + 1) + (step_name.empty() ? "" : " \"" + step_name + "\"");
      m_steps.push_back(std::move(report));
      ++i;
    }
    m_has_steps = true;
  }

  const std::string& psi_error() const { return m_psi_error; }
  bool is_flow() const { return m_has_steps; }
  std::vector<LighthouseReport>& steps() { return m_steps; }

  void finish() {
    m_out.url = !m_final_url.empty() ? m_final_url
              : !m_displayed_url.empty() ? m_displayed_url
                                         : m_out.requested_url;
    if (m_out.form_factor.empty()) m_out.form_factor = m_emulated.empty() ? "mobile" : m_emulated;
  }

  bool looks_like_report() const { return !m_out.version.empty() && m_has_audits; }

private:
  void set(std::string& target, value v, const char* name) {
    m_context = name;
    if (v.is_null()) return;
    target = util::json::get_string(v);
  }

  void parse_runtime_error(value v) {
    m_context = "runtimeError";
    if (v.is_null()) return;
    std::string code, message;
    for (auto field : v.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key == "code") code = util::json::get_string(field.value());
      else if (key == "message") message = util::json::get_string(field.value());
    }
    if (code.empty() && message.empty()) return;
    m_out.runtime_error = code.empty() ? message : message.empty() ? code : code + ": " + message;
  }

  void parse_settings(value v) {
    m_context = "configSettings";
    for (auto field : v.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key == "formFactor") {
        m_context = "configSettings.formFactor";
        value ff = field.value();
        if (!ff.is_null()) m_out.form_factor = util::json::get_string(ff);
      } else if (key == "emulatedFormFactor") {
        // Lighthouse 6 and older: "mobile", "desktop" or "none".
        m_context = "configSettings.emulatedFormFactor";
        value ff = field.value();
        if (!ff.is_null()) {
          m_emulated = util::json::get_string(ff);
          if (m_emulated == "none") m_emulated = "desktop";
        }
      }
    }
  }

  void parse_categories(value v) {
    util::json::UniqueKeys ids("categories");
    for (auto field : v.get_object()) {
      LighthouseReport::Category category;
      category.id = std::string(std::string_view(field.unescaped_key()));
      ids.add(category.id);
      m_context = "categories." + category.id;
      util::json::UniqueKeys keys(m_context);
      for (auto inner : field.value().get_object()) {
        const std::string_view key = inner.unescaped_key();
        keys.add(key);
        if (key == "score") {
          m_context = "categories." + category.id + ".score";
          category.score = number_or_null(inner.value());
        }
      }
      m_out.categories.push_back(std::move(category));
    }
  }

  void parse_audits(value v) {
    m_context = "audits";
    util::json::UniqueKeys ids("audits");
    for (auto field : v.get_object()) {
      const std::string_view id = field.unescaped_key();
      ids.add(id);
      m_context = "audits." + std::string(id);
      util::json::UniqueKeys keys(m_context);
      LighthouseReport::NumericAudit audit;
      audit.id = std::string(id);
      LighthouseReport::AuditScore score;
      bool has_numeric = false;
      bool errored = false;
      const bool resources = id == "resource-summary";
      const bool timings = m_scores && id == "user-timings";
      const bool network = m_served_images && id == "network-requests";
      for (auto inner : field.value().get_object()) {
        const std::string_view key = inner.unescaped_key();
        keys.add(key);
        if (key == "numericValue") {
          m_context = "audits." + audit.id + ".numericValue";
          audit.value = number_or_null(inner.value());
          has_numeric = true;
        } else if (key == "numericUnit") {
          m_context = "audits." + audit.id + ".numericUnit";
          audit.unit = util::json::get_string(inner.value());
        } else if (key == "score" && m_scores) {
          m_context = "audits." + audit.id + ".score";
          score.score = number_or_null(inner.value());
        } else if (key == "scoreDisplayMode") {
          m_context = "audits." + audit.id + ".scoreDisplayMode";
          score.mode = util::json::get_string(inner.value());
          errored = score.mode == "error";
        } else if (key == "errorMessage") {
          m_context = "audits." + audit.id + ".errorMessage";
          value message = inner.value();
          if (!message.is_null()) audit.error = util::json::get_string(message);
        } else if (key == "details" && network) {
          m_context = "audits." + audit.id + ".details";
          parse_network_requests(inner.value());
        } else if (key == "details" && (resources || timings)) {
          m_context = "audits." + audit.id + ".details";
          score.items = static_cast<double>(parse_details(inner.value(), resources, timings));
        } else if (key == "details" && m_scores) {
          m_context = "audits." + audit.id + ".details";
          score.items = static_cast<double>(count_items(inner.value()));
        }
      }
      // lhci's minScore value: the score, else 1 for notApplicable, 0 for informative.
      if (!score.score && score.mode == "notApplicable") score.score = 1;
      if (!score.score && score.mode == "informative") score.score = 0;
      if (m_scores) {
        score.id = audit.id;
        m_out.scores.push_back(std::move(score));
      }
      if (errored && audit.error.empty()) audit.error = "the audit ended in error";
      if (has_numeric || errored) {
        if (errored) audit.value.reset();
        m_out.audits.push_back(std::move(audit));
      }
    }
  }

  // details.items, counted (what lhci's maxLength measures); the rest is skipped.
  static std::size_t count_items(value details) {
    if (details.type() != simdjson::ondemand::json_type::object) return 0;
    std::size_t n = 0;
    for (auto field : details.get_object()) {
      if (std::string_view(field.unescaped_key()) != "items") continue;
      value items = field.value();
      if (items.type() == simdjson::ondemand::json_type::array) {
        simdjson::ondemand::array list = items.get_array();
        n = list.count_elements();
      }
    }
    return n;
  }

  std::size_t parse_details(value details, bool resources, bool timings) {
    if (details.is_null()) return 0;
    std::size_t n = 0;
    for (auto field : details.get_object()) {
      if (std::string_view(field.unescaped_key()) != "items") continue;
      for (value item : field.value().get_array()) {
        ++n;
        if (resources) {
          parse_resource_row(item.get_object());
        } else if (timings) {
          parse_user_timing(item.get_object());
        }
      }
    }
    return n;
  }

  void parse_user_timing(object item) {
    LighthouseReport::UserTiming t;
    for (auto field : item) {
      const std::string_view key = field.unescaped_key();
      if (key == "name") t.name = util::json::get_string(field.value());
      else if (key == "duration") t.duration = number_or_null(field.value());
      else if (key == "startTime") t.start = number_or_null(field.value());
    }
    m_out.user_timings.push_back(std::move(t));
  }

  void parse_resource_row(object item) {
    LighthouseReport::Resource row;
    std::optional<double> size, transfer;
    for (auto field : item) {
      const std::string_view key = field.unescaped_key();
      if (key == "resourceType") row.type = util::json::get_string(field.value());
      else if (key == "size") size = number_or_null(field.value());
      else if (key == "transferSize") transfer = number_or_null(field.value());
      else if (key == "requestCount") row.count = number_or_null(field.value());
    }
    row.size = size ? size : transfer;
    if (!row.type.empty()) m_out.resources.push_back(std::move(row));
  }

  // The image responses of network-requests: each item's url, mimeType, resourceSize
  // and statusCode (Lighthouse 5 to 13 write them so).
  void parse_network_requests(value details) {
    if (details.is_null()) return;
    for (auto field : details.get_object()) {
      if (std::string_view(field.unescaped_key()) != "items") continue;
      for (value item : field.value().get_array()) {
        m_out.has_network_requests = true;
        ServedImage image;
        for (auto f : item.get_object()) {
          const std::string_view key = f.unescaped_key();
          if (key == "url") image.url = util::json::get_string(f.value());
          else if (key == "mimeType") image.mime = util::json::get_string(f.value());
          else if (key == "resourceSize") image.bytes = number_or_null(f.value()).value_or(0);
          else if (key == "statusCode") image.status = static_cast<int>(number_or_null(f.value()).value_or(0));
        }
        if (image.mime.rfind("image/", 0) == 0) m_out.served_images.push_back(std::move(image));
      }
    }
  }

  LighthouseReport& m_out;
  std::string m_context = "the top-level object";
  std::string m_final_url, m_displayed_url, m_emulated;
  bool m_has_audits = false;
  bool m_scores = true;
  bool m_served_images = false;
  bool m_has_steps = false;
  std::string m_psi_error;
  std::vector<LighthouseReport> m_steps;
};

budget::Unit unit_of(const std::string& numeric_unit, const std::string& audit) {
  if (numeric_unit == "millisecond") return budget::Unit::ms;
  if (numeric_unit == "byte") return budget::Unit::bytes;
  if (numeric_unit == "element") return budget::Unit::count;
  if (numeric_unit.empty()) {
    // Lighthouse before 6 wrote no numericUnit: the metric's own kind says it.
    if (const auto* info = budget::find_metric(audit)) {
      if (info->quantity == budget::Quantity::time) return budget::Unit::ms;
      if (info->quantity == budget::Quantity::size) return budget::Unit::bytes;
    }
  }
  return budget::Unit::unitless;
}

// Expand one --lighthouse input into report files (or a URL).
void expand_input(const std::string& input, std::vector<std::string>& files,
                  std::vector<Problem>& errors) {
  if (net::is_url(input)) {
    files.push_back(input);
    return;
  }
  std::error_code ec;
  if (fs::is_directory(input, ec) && fs::is_regular_file(fs::path(input) / "manifest.json", ec)) {
    // `lhci upload --target=filesystem`: manifest.json lists every report's jsonPath
    // (absolute where lhci ran; the folder may have moved since, as a CI artifact does:
    // then the file of that name in this folder).
    const std::string manifest = (fs::path(input) / "manifest.json").string();
    try {
      const util::json::JsonText text = util::json::read_file(manifest);
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      if (parser.parse(text.data(), text.size()).get(root) || !root.is_array()) {
        throw util::Error(manifest, "not an lhci manifest (an array of {url, jsonPath, ...})");
      }
      std::size_t i = 0;
      const simdjson::dom::array entries = root.get_array().value_unsafe();
      for (simdjson::dom::element entry : entries) {
        std::string_view json_path;
        if (entry["jsonPath"].get(json_path)) {
          throw util::Error(manifest, "[" + std::to_string(i) + "]: no jsonPath (not an lhci manifest)");
        }
        fs::path path(json_path);
        if (!fs::exists(path, ec)) path = fs::path(input) / path.filename();
        if (!fs::exists(path, ec)) {
          throw util::Error(manifest, "[" + std::to_string(i) + "].jsonPath: " + std::string(json_path) +
                                          " is not there, nor beside the manifest");
        }
        files.push_back(path.string());
        ++i;
      }
      if (i == 0) errors.push_back({"lighthouse", "", manifest, "the lhci manifest lists no report"});
    } catch (const util::Error& e) {
      errors.push_back({"lighthouse", "", "", e.message()});
    }
    return;
  }
  if (fs::is_directory(input, ec)) {
    // A Lighthouse CI folder (.lighthouseci/) holds lhr-*.json beside other JSON.
    std::vector<std::string> all, lhrs;
    for (const auto& entry : fs::directory_iterator(input, ec)) {
      if (!entry.is_regular_file(ec) || entry.path().extension() != ".json") continue;
      all.push_back(entry.path().string());
      if (entry.path().filename().string().rfind("lhr-", 0) == 0) lhrs.push_back(entry.path().string());
    }
    auto& chosen = lhrs.empty() ? all : lhrs;
    std::sort(chosen.begin(), chosen.end());
    if (chosen.empty()) {
      errors.push_back({"lighthouse", "", input, "directory holds no .json report"});
    }
    files.insert(files.end(), chosen.begin(), chosen.end());
    return;
  }
  if (util::has_glob_chars(input)) {
    auto matched = util::expand_glob(input);
    if (matched.empty()) {
      errors.push_back({"lighthouse", "", input, "the pattern matches no file (quote it so that perfgate, not the shell, expands it)"});
    }
    files.insert(files.end(), matched.begin(), matched.end());
    return;
  }
  files.push_back(input);
}

}  // namespace

std::vector<LighthouseReport> parse_lighthouse_reports(simdjson::padded_string_view json, const std::string& name,
                                                       bool scores, bool served_images) {
  thread_local simdjson::ondemand::parser parser = util::json::make_parser();
  LighthouseReport report;
  report.file = name;
  ReportParser reader(report, scores, served_images);
  simdjson::ondemand::document doc;
  bool started = false;  // a document that failed to start has no location to ask for
  try {
    doc = parser.iterate(json);
    started = true;
    simdjson::ondemand::json_type type = doc.type();
    if (type != simdjson::ondemand::json_type::object) {
      throw util::Error(name, "not a Lighthouse report: the JSON is not an object");
    }
    reader.parse_root(doc.get_object());
    // Anything after the report's closing brace is an error too.
    auto rest = doc.current_location();
    if (!rest.error()) throw simdjson::simdjson_error(simdjson::TRAILING_CONTENT);
  } catch (const simdjson::simdjson_error& e) {
    std::string where = reader.context();
    if (!started) throw util::Error(name, util::json::describe(e.error()));
    throw util::Error(name, util::json::describe(e.error(), doc, json) + " (in " + where + ")");
  } catch (const util::Error& e) {
    if (!e.where().empty()) throw;
    throw util::Error(name, e.what());  // a duplicate key: name the file
  }
  if (!reader.psi_error().empty()) {
    throw util::Error(name, "PageSpeed Insights answered with an error, not a report: " + reader.psi_error());
  }
  if (reader.is_flow()) {
    // A user flow: its navigation steps are page loads, each a run of its page; timespan
    // and snapshot steps measure no page load (no FCP, LCP or score of one) and are left
    // out (docs/lighthouse.md, "Lighthouse reports").
    std::vector<LighthouseReport> out;
    for (auto& step : reader.steps()) {
      if (!step.gather_mode.empty() && step.gather_mode != "navigation") continue;
      step.file = name + " (" + step.step + ")";
      out.push_back(std::move(step));
    }
    if (out.empty()) {
      throw util::Error(name, "a user flow without a navigation step: timespan and snapshot steps measure no page "
                              "load; add a navigation step (flow.navigate) to check the page");
    }
    return out;
  }
  if (!reader.looks_like_report()) {
    throw util::Error(name, "not a Lighthouse report (no lighthouseVersion or audits); write one with "
                            "`lighthouse URL --output=json`");
  }
  reader.finish();
  std::vector<LighthouseReport> out;
  out.push_back(std::move(report));
  return out;
}

LighthouseReport parse_lighthouse_report(simdjson::padded_string_view json, const std::string& name, bool scores) {
  std::vector<LighthouseReport> reports = parse_lighthouse_reports(json, name, scores);
  if (reports.size() != 1) throw util::Error(name, "a user flow of " + std::to_string(reports.size()) + " page loads, not one report");
  return std::move(reports.front());
}

namespace {

// Audits Lighthouse renamed or replaced between 5 and 13 (tests/fixtures/lighthouse/
// renames/audits.tsv has every row, with the version and source of each). `same`:
// the successor measures the same numericValue, so a budget on either name is
// checked with whichever the report has.
struct AuditRename {
  std::string_view old_id, new_id, version;
  bool same;
};
constexpr AuditRename k_renames[] = {
    {"time-to-first-byte", "server-response-time", "6.0", true},
    {"uses-webp-images", "modern-image-formats", "8.0", true},
    {"preload-lcp-image", "prioritize-lcp-image", "10.0", true},
    {"experimental-interaction-to-next-paint", "interaction-to-next-paint", "11.0", true},
    {"dom-size", "dom-size-insight", "13.0", true},
    {"layout-shift-elements", "layout-shifts", "11.5", false},
    {"tap-targets", "target-size", "10.4", false},
    {"modern-image-formats", "image-delivery-insight", "13.0", false},
    {"uses-optimized-images", "image-delivery-insight", "13.0", false},
    {"uses-responsive-images", "image-delivery-insight", "13.0", false},
    {"efficient-animated-content", "image-delivery-insight", "13.0", false},
    {"render-blocking-resources", "render-blocking-insight", "13.0", false},
    {"third-party-summary", "third-parties-insight", "13.0", false},
    {"font-display", "font-display-insight", "13.0", false},
    {"viewport", "viewport-insight", "13.0", false},
    {"uses-long-cache-ttl", "cache-insight", "13.0", false},
    {"duplicated-javascript", "duplicated-javascript-insight", "13.0", false},
    {"legacy-javascript", "legacy-javascript-insight", "13.0", false},
    {"uses-http2", "modern-http-insight", "13.0", false},
    {"critical-request-chains", "network-dependency-tree-insight", "13.0", false},
    {"uses-rel-preconnect", "network-dependency-tree-insight", "13.0", false},
    {"largest-contentful-paint-element", "lcp-breakdown-insight", "13.0", false},
    {"lcp-lazy-loaded", "lcp-discovery-insight", "13.0", false},
    {"prioritize-lcp-image", "lcp-discovery-insight", "13.0", false},
    {"uses-text-compression", "document-latency-insight", "13.0", false},
    // Metrics Lighthouse 6.0 added: a 5.x report cannot answer them.
    {"", "largest-contentful-paint", "6.0", false},
    {"", "cumulative-layout-shift", "6.0", false},
    {"", "total-blocking-time", "6.0", false},
    {"first-meaningful-paint", "", "13.0", false},
    {"offscreen-images", "", "13.0", false},
    {"font-size", "", "13.0", false},
    {"no-document-write", "", "13.0", false},
    {"uses-passive-event-listeners", "", "13.0", false},
    {"third-party-facades", "", "13.0", false},
    {"first-cpu-idle", "", "8.0", false},
    {"estimated-input-latency", "", "8.0", false},
};

}  // namespace

std::string lighthouse_rename_hint(std::string_view id) {
  for (const auto& r : k_renames) {
    if (r.new_id == id && r.old_id.empty()) return "Lighthouse " + std::string(r.version) + " added it; this report is older";
    if (r.old_id == id && r.new_id.empty()) return "Lighthouse " + std::string(r.version) + " removed it";
    if (r.old_id == id) {
      return "Lighthouse " + std::string(r.version) + " replaced it with " + std::string(r.new_id) +
             (r.same ? "" : ", which measures something else (budget that audit by name)");
    }
    if (r.new_id == id) {
      return "it is new in Lighthouse " + std::string(r.version) + " (older reports have " + std::string(r.old_id) + ")";
    }
  }
  return "this Lighthouse version may not have that audit";
}

SourceResult lighthouse_measurements(const std::vector<LighthouseReport>& reports, LighthouseOptions options) {
  SourceResult result;
  result.source = "lighthouse";
  std::map<std::string, std::size_t> index;  // subject name -> position
  std::vector<int> runs;
  for (const auto& report : reports) {
    const bool failed = !report.runtime_error.empty();
    const std::string url = failed && !report.requested_url.empty() ? report.requested_url : report.url;
    const std::string name = options.grouping == Grouping::url ? url : url + " (" + report.form_factor + ")";
    auto [it, inserted] = index.try_emplace(name, result.subjects.size());
    if (inserted) {
      result.subjects.push_back({name, url, report.form_factor, false, {}, {}});
      runs.push_back(0);
    }
    Subject& subject = result.subjects[it->second];
    subject.origins.push_back(report.file);
    if (failed) {
      subject.failed = true;
      result.errors.push_back({"lighthouse", name, report.file,
                               "Lighthouse could not measure " + url + ": " + report.runtime_error});
      continue;
    }
    const int run = runs[it->second]++;
    auto add = [&](std::string metric, std::optional<double> v, budget::Unit unit, std::string note = {}) {
      Measurement m;
      m.metric = std::move(metric);
      m.subject = name;
      m.run = run;
      m.value = v;
      m.unit = unit;
      m.origin = report.file;
      m.note = std::move(note);
      result.measurements.push_back(std::move(m));
    };
    for (const auto& c : report.categories) {
      add("categories:" + c.id, c.score, budget::Unit::unitless,
          c.score ? "" : "the " + c.id + " score is null in the report");
    }
    for (const auto& a : report.audits) add(a.id, a.value, unit_of(a.unit, a.id), a.error);
    if (options.renames) {
      // An audit Lighthouse renamed without changing what it measures answers to both
      // names: a budget on server-response-time checks a Lighthouse 5 report's
      // time-to-first-byte, and the other way round.
      for (const auto& r : k_renames) {
        if (!r.same) continue;
        auto has = [&](std::string_view id) {
          return std::any_of(report.audits.begin(), report.audits.end(), [&](const auto& a) { return a.id == id; });
        };
        const bool has_old = has(r.old_id), has_new = has(r.new_id);
        if (has_old == has_new) continue;
        const std::string_view from = has_old ? r.old_id : r.new_id;
        const std::string_view to = has_old ? r.new_id : r.old_id;
        for (const auto& a : report.audits) {
          if (a.id != from) continue;
          std::string note = "Lighthouse " + report.version + " calls it " + std::string(from);
          if (!a.error.empty()) note += "; " + a.error;
          add(std::string(to), a.value, unit_of(a.unit, std::string(to)), note);
        }
      }
    }
    for (const auto& a : report.scores) {
      if (!options.every_audit && !options.audits.count(a.id)) continue;
      add("audit-score:" + a.id, a.score, budget::Unit::unitless,
          a.score ? "" : "the audit has no score (scoreDisplayMode " + (a.mode.empty() ? std::string("none") : a.mode) + ")");
      add("audit-items:" + a.id, a.items, budget::Unit::count);
    }
    // lhci's user-timings:<name>: the first entry of that normalised name, its
    // duration (a measure) or else its start time (a mark).
    std::set<std::string> timing_seen;
    for (const auto& t : options.user_timings ? report.user_timings : std::vector<LighthouseReport::UserTiming>{}) {
      const std::string key = budget::user_timing_key(t.name);
      if (key.empty() || !timing_seen.insert(key).second) continue;
      const auto v = t.duration && std::isfinite(*t.duration) ? t.duration : t.start;
      add("user-timings:" + key, v, budget::Unit::ms);
    }
    for (const auto& r : report.resources) {
      add("resource-summary:" + r.type + ":size", r.size, budget::Unit::bytes);
      add("resource-summary:" + r.type + ":count", r.count, budget::Unit::count);
    }
    if (options.served_images) {
      // The page's images served in a legacy format: every image response of such a MIME
      // type, at least min_size bytes, counted once per URL — what the page loaded, the
      // same on every Lighthouse version (the image audits' flags changed with each:
      // uses-webp-images, modern-image-formats, image-delivery-insight; those stay
      // available as audit-items: rules).
      Measurement m;
      m.metric = "images:legacy-format";
      m.subject = name;
      m.run = run;
      m.unit = budget::Unit::count;
      m.origin = report.file;
      if (!report.has_network_requests) {
        m.note = "the report has no network-requests audit items: the images the page loaded are unknown";
      } else {
        std::set<std::string> seen;
        for (const auto& img : report.served_images) {
          std::string format = img.mime.substr(6);
          format = format.substr(0, format.find(';'));
          if (format == "jpg" || format == "pjpeg") format = "jpeg";
          const bool legacy = std::find(options.legacy_formats.begin(), options.legacy_formats.end(), format) !=
                              options.legacy_formats.end();
          const bool served = img.status == 0 || (img.status >= 200 && img.status < 300);
          if (!legacy || !served || img.bytes < static_cast<double>(options.min_image_bytes)) continue;
          if (!seen.insert(img.url).second) continue;
          m.details.push_back({img.url, img.bytes, img.mime});
        }
        m.value = static_cast<double>(m.details.size());
      }
      result.measurements.push_back(std::move(m));
    }
  }
  return result;
}

SourceResult read_lighthouse(const std::vector<std::string>& inputs, unsigned jobs, LighthouseOptions options) {
  std::vector<std::string> files;
  std::vector<Problem> problems;
  for (const auto& input : inputs) expand_input(input, files, problems);

  std::vector<std::optional<std::vector<LighthouseReport>>> parsed(files.size());
  std::vector<std::string> failures(files.size());
  util::parallel_for(files.size(), jobs, [&](std::size_t i) {
    try {
      const util::json::JsonText json = net::is_url(files[i])
                                            ? util::json::JsonText(simdjson::padded_string(net::fetch_text(files[i])))
                                            : util::json::read_file(files[i]);
      parsed[i] = parse_lighthouse_reports(json, files[i],
                                           options.every_audit || options.user_timings || !options.audits.empty(),
                                           options.served_images);
    } catch (const util::Error& e) {
      failures[i] = e.message();
    } catch (const std::bad_alloc&) {
      failures[i] = files[i] + ": out of memory reading the report";
    }
  });

  std::vector<LighthouseReport> reports;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (parsed[i]) {
      for (auto& r : *parsed[i]) reports.push_back(std::move(r));
    }
    else problems.push_back({"lighthouse", "", "", failures[i]});
  }
  SourceResult result = lighthouse_measurements(reports, options);
  result.errors.insert(result.errors.begin(), problems.begin(), problems.end());
  return result;
}

}  // namespace sources
