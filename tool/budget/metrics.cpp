#include "budget/metrics.hpp"

#include "util/glob.hpp"

#include <utility>

namespace budget {

namespace {

using Q = Quantity;

// Lighthouse audits with a numericValue, plus the keys other sources answer.
// Order matters only where patterns overlap: the first match wins.
constexpr MetricInfo k_metrics[] = {
  // Lighthouse: categories (score 0-1, written 0-100 in budgets).
  {"categories:performance", "lighthouse", Q::score, true, "Performance score"},
  {"categories:accessibility", "lighthouse", Q::score, true, "Accessibility score"},
  {"categories:best-practices", "lighthouse", Q::score, true, "Best Practices score"},
  {"categories:seo", "lighthouse", Q::score, true, "SEO score"},
  {"categories:pwa", "lighthouse", Q::score, true, "PWA score"},
  {"categories:*", "lighthouse", Q::score, true, "Category score"},
  // Lighthouse: metrics.
  {"first-contentful-paint", "lighthouse", Q::time, true, "First Contentful Paint"},
  {"largest-contentful-paint", "lighthouse", Q::time, true, "Largest Contentful Paint"},
  {"total-blocking-time", "lighthouse", Q::time, true, "Total Blocking Time"},
  {"cumulative-layout-shift", "lighthouse", Q::unitless, true, "Cumulative Layout Shift"},
  {"speed-index", "lighthouse", Q::time, true, "Speed Index"},
  {"interactive", "lighthouse", Q::time, true, "Time to Interactive"},
  {"server-response-time", "lighthouse", Q::time, true, "Time to first byte"},
  {"first-meaningful-paint", "lighthouse", Q::time, true, "First Meaningful Paint"},
  {"max-potential-fid", "lighthouse", Q::time, true, "Max Potential FID"},
  {"total-byte-weight", "lighthouse", Q::size, true, "Total byte weight"},
  {"dom-size", "lighthouse", Q::count, true, "DOM size"},
  {"bootup-time", "lighthouse", Q::time, true, "JavaScript execution time"},
  {"mainthread-work-breakdown", "lighthouse", Q::time, true, "Main-thread work"},
  {"network-rtt", "lighthouse", Q::time, true, "Network round trip time"},
  {"network-server-latency", "lighthouse", Q::time, true, "Server backend latency"},
  {"redirects", "lighthouse", Q::time, true, "Redirects"},
  {"render-blocking-resources", "lighthouse", Q::time, true, "Render-blocking resources"},
  {"unused-javascript", "lighthouse", Q::time, true, "Unused JavaScript"},
  {"unused-css-rules", "lighthouse", Q::time, true, "Unused CSS"},
  {"modern-image-formats", "lighthouse", Q::time, true, "Modern image formats"},
  {"uses-optimized-images", "lighthouse", Q::time, true, "Efficiently encoded images"},
  {"uses-responsive-images", "lighthouse", Q::time, true, "Properly sized images"},
  {"offscreen-images", "lighthouse", Q::time, true, "Offscreen images"},
  {"uses-text-compression", "lighthouse", Q::time, true, "Text compression"},
  {"unminified-javascript", "lighthouse", Q::time, true, "Unminified JavaScript"},
  {"unminified-css", "lighthouse", Q::time, true, "Unminified CSS"},
  {"legacy-javascript", "lighthouse", Q::time, true, "Legacy JavaScript"},
  {"duplicated-javascript", "lighthouse", Q::time, true, "Duplicated JavaScript"},
  {"resource-summary:*:size", "lighthouse", Q::size, true, "Resource size"},
  {"resource-summary:*:count", "lighthouse", Q::count, true, "Request count"},
  // Every audit's score and item count, as Lighthouse CI asserts them (minScore,
  // maxLength), and the user-timings audit's marks and measures.
  {"audit-score:*", "lighthouse", Q::unitless, true, "Audit score"},
  {"audit-items:*", "lighthouse", Q::count, true, "Audit items"},
  {"user-timings:*", "lighthouse", Q::time, true, "User timing"},
  // lhci's maxNumericValue on a category: a category has no numeric value, so this is
  // never measured (lhci fails it on every report).
  {"category-value:*", "lighthouse", Q::unitless, true, "Category numeric value"},
  {"audit:*", "lighthouse", Q::any, true, "Lighthouse audit"},
  // Bundles (webpack, Vite, esbuild): sizes of each entrypoint's initial files.
  {"entrypoint:*", "bundle", Q::size, false, "Entrypoint size"},
  {"initial:total", "bundle", Q::size, false, "Total initial size"},
  // Framework builds (--build, --html): what a first visit to each route loads.
  {"route:*", "routes", Q::size, false, "Route first load"},
  // An Angular build's files as angular.json's budgets count them (raw bytes).
  {"angular:initial", "routes", Q::size, false, "Angular initial total"},
  {"angular:all-script", "routes", Q::size, false, "Angular scripts, all together"},
  {"angular:all", "routes", Q::size, false, "Angular files, all together"},
  {"angular:any-script:*", "routes", Q::size, false, "Angular script"},
  {"angular:any:*", "routes", Q::size, false, "Angular file"},
  {"angular:bundle:*", "routes", Q::size, false, "Angular bundle"},
  // Files under --dist, by glob (like bundlesize).
  {"file:*", "files", Q::size, false, "File size"},
  {"files:*", "files", Q::size, false, "Total size of the matching files"},
  // Images under --images.
  // Lighthouse pages answer it too, from modern-image-formats / image-delivery-insight.
  {"images:legacy-format", "images", Q::count, false, "Images without WebP/AVIF", "lighthouse"},
  {"images:max-size", "images", Q::size, false, "Largest image"},
  {"images:total-size", "images", Q::size, false, "Total image size"},
  // Load-test results (--load): all requests together, then each endpoint as the tool
  // grouped them ("api:GET /v1/patients/{id}:p95"; "api:*:p95" is every endpoint).
  {"api:p50", "load", Q::time, false, "API p50 latency"},
  {"api:p90", "load", Q::time, false, "API p90 latency"},
  {"api:p95", "load", Q::time, false, "API p95 latency"},
  {"api:p99", "load", Q::time, false, "API p99 latency"},
  {"api:mean", "load", Q::time, false, "API mean latency"},
  {"api:max", "load", Q::time, false, "API max latency"},
  {"api:error-rate", "load", Q::percent, false, "API error rate (5xx and no response)"},
  {"api:requests", "load", Q::count, false, "API requests"},
  {"api:throughput", "load", Q::rate, false, "API throughput"},
  {"api:users", "load", Q::count, false, "Concurrent users"},
  {"api:duration", "load", Q::time, false, "Load-test duration"},
  {"api:capacity", "load", Q::rate, false, "Capacity (throughput at the breaking point)"},
  {"api:capacity-users", "load", Q::count, false, "Capacity in users (at the breaking point)"},
  {"api:*:p50", "load", Q::time, false, "p50 latency"},
  {"api:*:p90", "load", Q::time, false, "p90 latency"},
  {"api:*:p95", "load", Q::time, false, "p95 latency"},
  {"api:*:p99", "load", Q::time, false, "p99 latency"},
  {"api:*:mean", "load", Q::time, false, "Mean latency"},
  {"api:*:max", "load", Q::time, false, "Max latency"},
  {"api:*:error-rate", "load", Q::percent, false, "Error rate (5xx and no response)"},
  {"api:*:requests", "load", Q::count, false, "Requests"},
  {"api:*:throughput", "load", Q::rate, false, "Throughput"},
};

constexpr std::pair<std::string_view, std::string_view> k_aliases[] = {
  {"performance", "categories:performance"},
  {"fcp", "first-contentful-paint"},
  {"lcp", "largest-contentful-paint"},
  {"tbt", "total-blocking-time"},
  {"cls", "cumulative-layout-shift"},
  {"si", "speed-index"},
  {"tti", "interactive"},
  {"ttfb", "server-response-time"},
};

bool matches(std::string_view pattern, std::string_view key) {
  // "api:*:p95": any endpoint name (spaces, slashes, braces), then that statistic.
  if (pattern.substr(0, 6) == "api:*:") {
    const std::string_view stat = pattern.substr(5);  // ":p95"
    return key.size() > 4 + stat.size() && key.substr(0, 4) == "api:" && key.substr(key.size() - stat.size()) == stat;
  }
  // "file:*" and "entrypoint:*" take any rest, slashes included.
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ":*") {
    return key.size() > pattern.size() - 1 &&
           key.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  }
  return util::glob_match(pattern, key);
}

}  // namespace

bool api_key_matches(std::string_view pattern, std::string_view metric) {
  if (pattern.substr(0, 4) != "api:" || metric.substr(0, 4) != "api:") return false;
  pattern.remove_prefix(4);
  metric.remove_prefix(4);
  const auto pc = pattern.rfind(':'), mc = metric.rfind(':');
  if (pc == std::string_view::npos || mc == std::string_view::npos) return pattern == metric;  // overall
  if (pattern.substr(pc) != metric.substr(mc)) return false;
  const std::string_view p = pattern.substr(0, pc), m = metric.substr(0, mc);
  // Wildcard match, '*' only (iterative, with backtracking to the last '*').
  std::size_t i = 0, j = 0, star = std::string_view::npos, mark = 0;
  while (j < m.size()) {
    if (i < p.size() && p[i] == '*') {
      star = i++;
      mark = j;
    } else if (i < p.size() && p[i] == m[j]) {
      ++i;
      ++j;
    } else if (star != std::string_view::npos) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (i < p.size() && p[i] == '*') ++i;
  return i == p.size();
}

bool answers(const MetricInfo& info, std::string_view source) {
  return info.source == source || (!info.also_source.empty() && info.also_source == source);
}

std::string canonical_metric(std::string_view key) {
  for (const auto& [alias, name] : k_aliases) {
    if (alias == key) return std::string(name);
  }
  return std::string(key);
}

const MetricInfo* find_metric(std::string_view key) {
  const std::string name = canonical_metric(key);
  for (const auto& info : k_metrics) {
    if (matches(info.pattern, name)) return &info;
  }
  return nullptr;
}

std::vector<std::string> known_metric_names() {
  std::vector<std::string> names;
  for (const auto& info : k_metrics) names.emplace_back(info.pattern);
  for (const auto& [alias, name] : k_aliases) names.emplace_back(alias);
  return names;
}

std::string metric_title(std::string_view metric) {
  for (const auto& info : k_metrics) {
    if (info.pattern == metric) return std::string(info.title);
  }
  return std::string(metric);
}

std::string user_timing_key(std::string_view name) {
  std::string split;
  for (std::size_t i = 0; i < name.size(); ++i) {
    split += name[i];
    if (i + 1 < name.size() && name[i] >= 'a' && name[i] <= 'z' && name[i + 1] >= 'A' && name[i + 1] <= 'Z') split += '-';
  }
  std::string out;
  for (char c : split) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace budget
