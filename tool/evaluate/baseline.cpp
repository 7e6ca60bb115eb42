#include "evaluate/baseline.hpp"

#include "budget/units.hpp"
#include "net/http.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"

#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

namespace evaluate {

std::string normalize_hashes(std::string_view name) {
  // Content hashes change with every build: "js/315.dba046fb.js" and
  // "js/315.0c2e91aa.js" are the same asset. A run of 8-32 hex digits between
  // separators (. - _ / ~ : or the ends) with at least one digit becomes "[hash]";
  // the digit keeps words such as "deadbeef" or "facade" out.
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

struct Previous {
  Key key;
  double value = 0;
  std::vector<sources::Detail> details;
};

Key normalized(const Key& k) {
  return {std::get<0>(k), normalize_hashes(std::get<1>(k)), normalize_hashes(std::get<2>(k)), std::get<3>(k)};
}

std::vector<Previous> parse(const util::json::JsonText& text, const std::string& where);

std::vector<Previous> load(const std::string& where) {
  const util::json::JsonText text =
      net::is_url(where) ? util::json::JsonText(simdjson::padded_string(net::fetch_text(where))) : util::json::read_file(where);
  return parse(text, where);
}

std::vector<Previous> parse(const util::json::JsonText& text, const std::string& where) {
  util::json::refuse_duplicate_keys(std::string_view(text.data(), text.size()), where);
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
  std::vector<Previous> previous;
  std::size_t index = 0;
  for (simdjson::dom::element r : results) {
    std::string_view source, metric, subject, compression;
    double value = 0;
    if (r["source"].get_string().get(source) || r["metric"].get_string().get(metric) ||
        r["subject"].get_string().get(subject) || r["value"].get_double().get(value)) {
      throw util::Error(where, "results[" + std::to_string(index) +
                                   "] lacks source, metric, subject or a numeric value; is it a perfgate result?");
    }
    if (r["compression"].get_string().get(compression)) compression = "";
    Previous p{{std::string(source), std::string(metric), std::string(subject), std::string(compression)}, value, {}};
    simdjson::dom::array details;
    if (!r["details"].get_array().get(details)) {
      for (simdjson::dom::element d : details) {
        std::string_view name;
        double size = 0;
        if (!d["name"].get_string().get(name) && !d["value"].get_double().get(size)) {
          p.details.push_back({std::string(name), size, {}});
        }
      }
    }
    previous.push_back(std::move(p));
    ++index;
  }
  return previous;
}

// Finds the previous result of each current one: the same names exactly, else
// the same names once hashes are ignored, when that pairing is one to one (two
// chunks named only by their hash would otherwise be paired at random).
class Matcher {
public:
  explicit Matcher(const std::vector<Previous>& previous) {
    for (std::size_t i = 0; i < previous.size(); ++i) {
      m_exact[previous[i].key] = i;
      ++m_previous_count[normalized(previous[i].key)];
      m_by_normalized[normalized(previous[i].key)] = i;
    }
  }

  void count_current(const Key& key) { ++m_current_count[normalized(key)]; }

  const std::size_t* find(const Key& key) const {
    if (auto it = m_exact.find(key); it != m_exact.end()) return &it->second;
    const Key n = normalized(key);
    auto p = m_previous_count.find(n);
    auto c = m_current_count.find(n);
    if (p == m_previous_count.end() || p->second != 1 || c == m_current_count.end() || c->second != 1) return nullptr;
    return &m_by_normalized.at(n);
  }

private:
  std::map<Key, std::size_t> m_exact, m_by_normalized, m_previous_count, m_current_count;
};

// Return "; largest increase: js/315.0c2e91aa.js +12.3 kB" when a contributor grew.
std::string largest_increase(const Verdict& v, const std::vector<sources::Detail>& before) {
  std::map<std::string, double> exact, by_normalized;
  for (const auto& d : before) {
    exact[d.name] = d.value;
    by_normalized[normalize_hashes(d.name)] = d.value;
  }
  const sources::Detail* grown = nullptr;
  double growth = 0;
  for (const auto& d : v.details) {
    double was = 0;  // a new file grew from nothing
    const std::string name = util::valid_utf8(util::redact_secrets(d.name));  // as the baseline stores it
    if (auto it = exact.find(name); it != exact.end()) {
      was = it->second;
    } else if (auto n = by_normalized.find(normalize_hashes(name)); n != by_normalized.end()) {
      was = n->second;
    }
    const double delta = d.value - was;
    if (delta > growth) {
      growth = delta;
      grown = &d;
    }
  }
  if (!grown) return "";
  return "; largest increase: " + grown->name + " " + budget::human_delta(growth, v.unit, v.metric);
}

void apply_previous(Outcome& outcome, const budget::Budget& budget, const std::vector<Previous>& previous, const std::string& where);

}  // namespace

// A result's key as the JSON result stores it (credentials redacted, valid
// UTF-8), so that this run's names meet the baseline's.
static Key stored_key(const Verdict& v) {
  auto stored = [](const std::string& s) { return util::valid_utf8(util::redact_secrets(s)); };
  return {v.source, stored(v.metric), stored(v.subject), v.variant};
}

void apply_baseline(Outcome& outcome, const budget::Budget& budget, const std::string& path_or_url) {
  apply_previous(outcome, budget, load(path_or_url), path_or_url);
}

void apply_baseline_text(Outcome& outcome, const budget::Budget& budget, const std::string& json, const std::string& where) {
  apply_previous(outcome, budget, parse(util::json::JsonText(simdjson::padded_string(json)), where), where);
}

namespace {

void apply_previous(Outcome& outcome, const budget::Budget& budget, const std::vector<Previous>& previous, const std::string& where) {
  Matcher matcher(previous);
  for (const auto& v : outcome.results) matcher.count_current(stored_key(v));
  std::map<std::string, const budget::Rule*> rules;
  for (const auto& r : budget.rules) rules[r.origin] = &r;
  std::size_t matched = 0;
  for (auto& v : outcome.results) {
    const std::size_t* index = matcher.find(stored_key(v));
    if (!index) continue;
    ++matched;
    const Previous& before = previous[*index];
    v.baseline = before.value;
    auto rule = rules.find(v.rule);
    if (rule == rules.end() || !rule->second->max_increase) continue;
    const budget::Increase& inc = *rule->second->max_increase;
    // A regression is a change in the bad direction: up for a "<" budget, down for ">=".
    const double worse = budget::is_max_op(v.op) ? v.value - before.value : before.value - v.value;
    const double allowed = inc.percent ? std::fabs(before.value) * inc.value / 100.0 : inc.value;
    if (worse <= allowed) continue;
    std::string amount = budget::human_delta(v.value - before.value, v.unit, v.metric);
    if (before.value != 0) {
      char pct[32];
      std::snprintf(pct, sizeof pct, " (%+.1f%%)", 100.0 * (v.value - before.value) / std::fabs(before.value));
      amount += pct;
    }
    v.regression = "changed " + amount + " since the baseline, more than max_increase " + inc.text;
    if (budget::is_max_op(v.op)) v.regression += largest_increase(v, before.details);
    if (v.status == Status::pass) {
      v.status = rule->second->severity == budget::Severity::warn ? Status::warn : Status::fail;
    }
  }
  if (matched == 0 && !outcome.results.empty()) {
    // Another project's result, or an empty one: every max_increase would pass unchecked.
    throw util::Error(where, "the baseline matches no result of this run (" + std::to_string(outcome.results.size()) +
                                       " results here, " + std::to_string(previous.size()) + " there); is it a result of this project and budget?");
  }
}

}  // namespace

}  // namespace evaluate
