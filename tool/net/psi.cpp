#include "net/psi.hpp"

#include "util/error.hpp"
#include "util/json.hpp"

namespace net {

std::string psi_lighthouse_report(std::string_view body, const std::string& where) {
  simdjson::ondemand::parser parser = util::json::make_parser();
  const simdjson::padded_string json(body);
  std::string report;
  try {
    simdjson::ondemand::document doc = parser.iterate(json);
    simdjson::ondemand::object root = doc.get_object();
    for (auto field : root) {
      const std::string_view key = field.unescaped_key();
      if (key == "lighthouseResult") {
        simdjson::ondemand::object lhr = field.value().get_object();
        report = std::string(std::string_view(lhr.raw_json()));
      } else if (key == "error") {
        std::string message = "unknown error";
        simdjson::ondemand::object error = field.value().get_object();
        for (auto e : error) {
          if (std::string_view(e.unescaped_key()) == "message") message = util::json::get_string(e.value());
        }
        throw util::Error(where, "PageSpeed Insights said: " + message);
      }
    }
  } catch (const simdjson::simdjson_error& e) {
    throw util::Error(where, "the answer is not PageSpeed Insights JSON (" + util::json::describe(e.error()) + ")");
  }
  if (report.empty()) throw util::Error(where, "the answer has no lighthouseResult");
  return report;
}

}  // namespace net
