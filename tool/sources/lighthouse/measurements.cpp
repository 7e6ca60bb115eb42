// Reports into measurements: runs grouped into pages (URL and form factor, or URL alone
// as lhci groups them), each audit's value in its unit, renamed audits answered by their
// other name where they measure the same, and the images each page loaded.
#include "sources/lighthouse/lighthouse.hpp"

#include "budget/metrics.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace sources {

namespace {

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
  std::size_t expected = 0;  // grown once, not doubled 17 times on a thousand reports
  for (const auto& report : reports) {
    expected += report.categories.size() + report.audits.size() + 2 * report.resources.size() + 1;
  }
  result.measurements.reserve(expected);
  for (const auto& report : reports) {
    const bool failed = !report.runtime_error.empty();
    const std::string url = failed && !report.requested_url.empty() ? report.requested_url : report.url;
    const std::string name = options.grouping == Grouping::url ? url : url + " (" + report.form_factor + ")";
    auto [it, inserted] = index.try_emplace(name, result.subjects.size());
    if (inserted) {
      result.subjects.push_back({name, url, report.form_factor, false, {}, {}, {}});
      runs.push_back(0);
    }
    Subject& subject = result.subjects[it->second];
    subject.origins.push_back(report.file);
    add_environment(result, "Lighthouse", report.version);
    add_environment(result, "Chrome", report.chrome);
    add_environment(result, "form factor", report.form_factor);
    add_environment(result, "throttling", report.throttling);
    if (failed) {
      subject.failed = true;
      result.errors.push_back({"lighthouse", name, report.file,
                               "Lighthouse could not measure " + url + ": " + report.runtime_error});
      continue;
    }
    const int run = runs[it->second]++;
    auto add = [&](std::string metric, std::optional<double> v, budget::Unit unit, std::string note = {}) {
      if (options.keep && !options.keep(metric)) return;
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

}  // namespace sources
