#include "evaluate/baseline.hpp"

#include "net/http.hpp"
#include "budget/units.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/limits.hpp"

#include <cmath>
#include <map>
#include <tuple>

namespace evaluate {

std::string normalize_hashes(std::string_view name) {
  // Content hashes change with every build: "js/315.dba046fb.js" and
  // "js/315.0c2e91aa.js" are the same asset. A run of 8-32 hex digits between
  // separators (. - _ / ~ or the ends) with at least one digit becomes "[hash]".
  auto separator = [](char c) { return c == '.' || c == '-' || c == '_' || c == '/' || c == '~' || c == ':'; };
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = i;
    bool digit = false;
    while (j < name.size() && std::isxdigit(static_cast<unsigned char>(name[j]))) {
      digit = digit || std::isdigit(static_cast<unsigned char>(name[j]));
      ++j;
    }
    const std::size_t len = j - i;
    const bool bounded = (i == 0 || separator(name[i - 1])) && (j == name.size() || separator(name[j]));
    if (len >= 8 && len <= 32 && digit && bounded) {
      out += "[hash]";
      i = j;
    } else if (len > 0) {
      out.append(name.substr(i, len));
      i = j;
    } else {
      out += name[i++];
    }
  }
  return out;
}

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // source, metric, subject, compression

Key key_of(std::string_view source, std::string_view metric, std::string_view subject, std::string_view compression) {
  return {std::string(source), normalize_hashes(metric), normalize_hashes(subject), std::string(compression)};
}

std::map<Key, double> load(const std::string& where) {
  const util::json::JsonText text =
      net::is_url(where) ? util::json::JsonText(simdjson::padded_string(net::fetch_text(where))) : util::json::read_file(where);
  simdjson::dom::parser parser;
  if (parser.allocate(std::max<std::size_t>(text.size(), 64), util::limits().max_json_depth)) throw std::bad_alloc();
  simdjson::dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    throw util::Error(where, "the baseline is not valid JSON: " + util::json::describe(error));
  }
  simdjson::dom::array results;
  if (!root.is_object() || root["results"].get_array().get(results)) {
    throw util::Error(where, "not a perfgate JSON result (no \"results\" array); make one with `perfgate check --format json=FILE`");
  }
  std::map<Key, double> values;
  for (simdjson::dom::element r : results) {
    std::string_view source, metric, subject, compression;
    double value = 0;
    if (r["source"].get_string().get(source) || r["metric"].get_string().get(metric) ||
        r["subject"].get_string().get(subject) || r["value"].get_double().get(value)) {
      throw util::Error(where, "a result lacks source, metric, subject or a numeric value; is it a perfgate result?");
    }
    if (r["compression"].get_string().get(compression)) compression = "";
    values[key_of(source, metric, subject, compression)] = value;
  }
  return values;
}

}  // namespace

void apply_baseline(Outcome& outcome, const budget::Budget& budget, const std::string& path_or_url) {
  const std::map<Key, double> previous = load(path_or_url);
  std::map<std::string, const budget::Rule*> rules;
  for (const auto& r : budget.rules) rules[r.origin] = &r;
  for (auto& v : outcome.results) {
    auto it = previous.find(key_of(v.source, v.metric, v.subject, v.variant));
    if (it == previous.end()) continue;
    v.baseline = it->second;
    auto rule = rules.find(v.rule);
    if (rule == rules.end() || !rule->second->max_increase) continue;
    const budget::Increase& inc = *rule->second->max_increase;
    // A regression is a change in the bad direction: up for a "<" budget, down for ">=".
    const double worse = budget::is_max_op(v.op) ? v.value - it->second : it->second - v.value;
    const double allowed = inc.percent ? std::fabs(it->second) * inc.value / 100.0 : inc.value;
    if (worse <= allowed) continue;
    std::string amount = budget::human_delta(budget::is_max_op(v.op) ? worse : -worse, v.unit, v.metric);
    if (it->second != 0) {
      char pct[32];
      std::snprintf(pct, sizeof pct, " (%+.1f%%)", 100.0 * (v.value - it->second) / std::fabs(it->second));
      amount += pct;
    }
    v.regression = "changed " + amount + " since the baseline, more than max_increase " + inc.text;
    if (v.status == Status::pass) {
      v.status = rule->second->severity == budget::Severity::warn ? Status::warn : Status::fail;
    }
  }
}

}  // namespace evaluate
