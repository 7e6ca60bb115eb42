// Endpoint templates (OpenAPI path templating): a budget's "GET /v1/patients/{id}"
// names every request whose path has a segment there, whatever the tool called it —
// a k6 request without a name tag is "GET http://127.0.0.1:8080/v1/patients/123?x=1",
// a JMeter sampler may be labelled with its URL. The scheme, host and query are not
// part of the match. Requests are grouped under their template before any percentile is
// taken, so a template's p95 is the nearest rank over all its samples, not a mix of
// per-URL figures.
#include "sources/load/run.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace sources::load {

namespace {

constexpr std::string_view k_methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"};

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    const std::size_t j = std::min(path.find('/', i), path.size());
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// An id in a path: digits ("123"), or a UUID or hash ("3f2a…-…", 8+ hex digits and
// dashes with a digit among them). "v1", "search" and "{id}" are not values.
bool looks_like_a_value(std::string_view s) {
  if (s.empty()) return false;
  const bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool hex = s.size() >= 8 && std::all_of(s.begin(), s.end(), [](char c) {
                     return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
                   }) && std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits || hex;
}

bool is_parameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

RequestName split_request_name(std::string_view name) {
  RequestName out;
  std::string_view rest = util::trim(name);
  for (std::string_view m : k_methods) {
    if (rest.size() > m.size() && rest.substr(0, m.size()) == m && rest[m.size()] == ' ') {
      out.method = std::string(m);
      rest = util::trim(rest.substr(m.size() + 1));
      break;
    }
  }
  // "http://host:port/path?query": the path alone.
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos && rest.find('/') > scheme) {
    const auto slash = rest.find('/', scheme + 3);
    rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  if (rest.empty() || rest.front() != '/') return out;  // not a path: a name of the test's own ("Search")
  // A raw request (a URL, a query string, a value in a segment) is matched against
  // templates; a name the tool grouped by itself ("GET /v1/patients/search", a k6 name
  // tag with {id}) stays that group: a template's {id} does not swallow "search".
  out.raw = name.find("://") != std::string_view::npos || rest.find_first_of("?#") != std::string_view::npos;
  for (const auto& s : segments(rest.substr(0, std::min(rest.find_first_of("?#"), rest.size())))) {
    out.raw = out.raw || looks_like_a_value(s);
  }
  rest = rest.substr(0, std::min(rest.find_first_of("?#"), rest.size()));
  out.path = std::string(rest);
  return out;
}

bool template_matches(std::string_view templ, const RequestName& request) {
  const RequestName t = split_request_name(templ);
  if (t.path.empty() || request.path.empty()) return false;
  if (!t.method.empty() && t.method != request.method) return false;
  const auto a = segments(t.path), b = segments(request.path);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (is_parameter(a[i]) ? (!request.raw && !is_parameter(b[i])) : a[i] != b[i]) return false;
  }
  return true;
}

std::vector<std::string> apply_templates(Run& run, const std::vector<std::string>& templates) {
  std::vector<std::string> problems;
  if (templates.empty()) return problems;
  std::map<std::string, std::vector<std::string>> members;  // template -> endpoint names
  for (const auto& [name, ep] : run.endpoints) {
    if (name == k_all) continue;
    if (std::find(templates.begin(), templates.end(), name) != templates.end()) {
      members[name].push_back(name);  // the tool already named it so (a k6 name tag, a Locust name)
      continue;
    }
    const RequestName request = split_request_name(name);
    std::vector<std::string> hits;
    for (const auto& t : templates) {
      if (template_matches(t, request)) hits.push_back(t);
    }
    // As OpenAPI matches paths: a concrete segment before a templated one
    // ("/v1/patients/search" takes "/v1/patients/search?q=a" from "/v1/patients/{id}"),
    // and a template with a method before one without.
    if (hits.size() > 1) {
      auto rank = [](const std::string& t) {
        const RequestName r = split_request_name(t);
        std::string literal;  // '1' per concrete segment, in order: compared as a string
        for (const auto& s : segments(r.path)) literal += is_parameter(s) ? '0' : '1';
        return std::make_pair(literal, !r.method.empty());
      };
      std::stable_sort(hits.begin(), hits.end(), [&](const std::string& a, const std::string& b) { return rank(a) > rank(b); });
      if (rank(hits[0]) > rank(hits[1])) hits.resize(1);
    }
    if (hits.size() > 1) {
      problems.push_back("request \"" + name + "\" matches two endpoint templates alike, \"" + hits[0] + "\" and \"" +
                         hits[1] + "\"; make them distinct (a literal segment, or the method)");
      continue;
    }
    if (hits.size() == 1) members[hits[0]].push_back(name);
  }
  for (const auto& [templ, names] : members) {
    if (names.size() == 1 && names.front() == templ) continue;
    Endpoint merged;
    bool all_requests = true, all_errors = true, all_samples = true;
    double requests = 0, errors = 0;
    for (const auto& n : names) {
      const Endpoint& ep = run.endpoints.at(n);
      merged.samples.insert(merged.samples.end(), ep.samples.begin(), ep.samples.end());
      if (ep.requests) requests += *ep.requests;
      else all_requests = false;
      if (ep.errors) errors += *ep.errors;
      else {
        all_errors = false;
        if (merged.no_errors_why.empty()) merged.no_errors_why = ep.no_errors_why;
      }
      merged.no_response += ep.no_response;
      if (ep.samples.empty()) all_samples = false;
    }
    if (all_requests) merged.requests = requests;
    if (all_errors) merged.errors = errors;
    if (names.size() == 1) {
      merged.summary = run.endpoints.at(names.front()).summary;
    } else if (!all_samples) {
      // Per-URL percentiles cannot be combined into the template's: none is given.
      merged.samples.clear();
      merged.summary_why = std::to_string(names.size()) + " requests match this template and the " + run.tool +
                           " result has percentiles per request name only, which cannot be combined; give raw "
                           "samples (k6 --out json, a JMeter JTL) or name the requests after the template in the test";
    }
    merged.matched = names;
    for (const auto& n : names) run.endpoints.erase(n);
    run.endpoints[templ] = std::move(merged);
  }
  return problems;
}

}  // namespace sources::load
