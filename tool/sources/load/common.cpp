// The steps every load-test reader shares (run.hpp).
#include "sources/load/run.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

#include <charconv>
#include <cmath>

namespace sources::load {

using simdjson::dom::element;

namespace {

double checked(double v, std::string_view text, const std::string& what) {
  if (!std::isfinite(v)) throw Bad(what + ": \"" + std::string(text) + "\" is not a finite number");
  if (v < 0) throw Bad(what + ": " + std::string(text) + " is negative; a duration, count or rate never is");
  return v;
}

}  // namespace

double figure(std::string_view text, const std::string& what) {
  double v = 0;
  const auto [ptr, ec] = util::parse_double(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    throw Bad(what + ": \"" + util::safe_line(std::string(text.substr(0, 40))) + "\" is not a number");
  }
  return checked(v, text, what);
}

double figure(element e, const std::string& what) {
  if (e.is_string()) return figure(std::string_view(e.get_string().value_unsafe()), what);
  double v = 0;
  if (e.is_double()) v = e.get_double().value_unsafe();
  else if (e.is_int64()) v = static_cast<double>(e.get_int64().value_unsafe());
  else if (e.is_uint64()) v = static_cast<double>(e.get_uint64().value_unsafe());
  else throw Bad(what + ": expected a number");
  return checked(v, std::to_string(v), what);
}

std::optional<double> opt_figure(element obj, std::string_view key, const std::string& what) {
  element e;
  if (!obj.is_object() || obj.get_object().value_unsafe()[key].get(e) != simdjson::SUCCESS || e.is_null()) {
    return std::nullopt;
  }
  return figure(e, what);
}

std::string_view opt_string(element obj, std::string_view key) {
  std::string_view out;
  if (!obj.is_object() || obj.get_object().value_unsafe()[key].get(out) != simdjson::SUCCESS) return {};
  return out;
}

void refuse_duplicate_keys(element root) {
  try {
    util::json::refuse_duplicate_keys(root, "");
  } catch (const util::Error& e) {
    throw Bad(e.what());
  }
}

void add_sample(Run& run, const std::string& label, double ms, bool error) {
  for (const std::string& key : {label, k_all}) {
    auto& ep = run.endpoints[key];
    ep.samples.push_back(ms);
    ep.requests = ep.requests.value_or(0) + 1;
    ep.errors = ep.errors.value_or(0) + (error ? 1 : 0);
  }
}

void add_to_endpoint(Run& run, const std::string& label, double ms, bool error) {
  auto& ep = run.endpoints[label];
  ep.samples.push_back(ms);
  ep.requests = ep.requests.value_or(0) + 1;
  ep.errors = ep.errors.value_or(0) + (error ? 1 : 0);
}

bool jmeter_transaction(std::string_view message) {
  return message.substr(0, 32) == "Number of samples in transaction";
}

void jmeter_only_transactions() {
  throw Bad("only Transaction Controller samples (\"Generate parent sample\" on): no request of the run has a "
            "row of its own; write XML results with sub-results (-Jjmeter.save.saveservice.output_format=xml), "
            "or turn \"Generate parent sample\" off");
}

bool jmeter_error(std::string_view code) {
  int c = 0;
  auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), c);
  return ec != std::errc() || ptr != code.data() + code.size() || c >= 500;
}

}  // namespace sources::load
