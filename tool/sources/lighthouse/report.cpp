// Lighthouse's JSON, in the three shapes it is written: a report (lighthouse --output
// json, lhci's lhr-*.json), a user flow (its steps, each a report) and a PageSpeed
// Insights answer (a report under lighthouseResult, or an error body). One pass over the
// document: parse_root tells the shapes apart by their top-level keys, and only what a
// budget can ask for is kept (numeric audits; scores, item counts, user timings and the
// images the page loaded only when asked).
#include "sources/lighthouse/lighthouse.hpp"

#include "util/error.hpp"
#include "util/json.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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
      } else if (key == "environment") {
        parse_environment(v);
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

  // For the sign-off only: the browser that ran Lighthouse, from its user agent
  // ("... HeadlessChrome/131.0.6778.85 Safari/537.36" -> "131.0.6778.85").
  void parse_environment(value v) {
    m_context = "environment";
    if (v.type() != simdjson::ondemand::json_type::object) return;
    for (auto field : v.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key != "hostUserAgent") continue;
      value ua = field.value();
      if (ua.type() != simdjson::ondemand::json_type::string) return;
      const std::string agent(util::json::get_string(ua));
      const auto at = agent.find("Chrome/");
      if (at == std::string::npos) return;
      const auto end = agent.find(' ', at);
      m_out.chrome = agent.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
      return;
    }
  }

  void parse_settings(value v) {
    m_context = "configSettings";
    for (auto field : v.get_object()) {
      const std::string_view key = field.unescaped_key();
      if (key == "throttlingMethod") {
        m_context = "configSettings.throttlingMethod";
        value t = field.value();
        if (t.type() == simdjson::ondemand::json_type::string) m_out.throttling = std::string(util::json::get_string(t));
      } else if (key == "formFactor") {
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
      const std::string_view id = field.unescaped_key();
      ids.add(id);
      category.id = std::string(id);
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
    m_out.audits.reserve(128);  // Lighthouse 12 has about 70 numeric audits of 150
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
          else if (key == "statusCode") {
            // An HTTP status, whatever number the report holds (a cast of 1e300 is UB).
            const double code = number_or_null(f.value()).value_or(0);
            image.status = code >= 0 && code < 1000 ? static_cast<int>(code) : 0;
          }
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

}  // namespace sources
