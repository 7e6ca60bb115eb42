// Lighthouse JSON reports (LHRs), Lighthouse 7 to 13 and PageSpeed Insights
// responses, read with simdjson's on-demand API: only the fields perfgate needs
// are touched; audit details (the bulk of a report) are skipped unparsed.
#pragma once

#include "sources/measurement.hpp"

#include <simdjson.h>

#include <optional>
#include <cstdint>
#include <functional>
#include <set>
#include <string_view>
#include <string>
#include <vector>

namespace sources {

// An image response the page loaded (the network-requests audit): what
// images:legacy-format counts on a page, the same on every Lighthouse version.
struct ServedImage {
  std::string url;
  std::string mime;  // "image/png"
  double bytes = 0;  // resourceSize: the image's own bytes, as --images counts a file
  int status = 0;
};

// What perfgate keeps of one report.
struct LighthouseReport {
  std::string file;
  std::string version;
  std::string url;            // finalUrl (what lhci groups by), else finalDisplayedUrl, else requestedUrl
  std::string requested_url;
  std::string form_factor;    // "mobile" or "desktop"
  std::string runtime_error;  // "CODE: message", empty when the run succeeded
  std::string gather_mode;    // "navigation", "timespan", "snapshot" (Lighthouse 10+), or empty
  std::string step;           // a user flow's step: "step 2 \"Search\"", else empty
  std::string chrome;         // the browser's version, from environment.hostUserAgent (the sign-off's)
  std::string throttling;     // configSettings.throttlingMethod: "simulate", "devtools", "provide"
  struct Category {
    std::string id;
    std::optional<double> score;
  };
  std::vector<Category> categories;
  struct NumericAudit {
    std::string id;
    std::optional<double> value;  // numericValue; nullopt when the audit errored
    std::string unit;             // numericUnit: "millisecond", "byte", "unitless", "element"
    std::string error;            // errorMessage of an errored audit
  };
  std::vector<NumericAudit> audits;
  // Every audit, as Lighthouse CI asserts on it: `score` is lhci's minScore value
  // (the score; 1 when notApplicable, 0 when informative without one; none for
  // manual and error), `items` its maxLength value (details.items, 0 without).
  struct AuditScore {
    std::string id;
    std::optional<double> score;
    std::string mode;  // scoreDisplayMode
    double items = 0;
  };
  std::vector<AuditScore> scores;
  // The user-timings audit's marks and measures (performance.mark/measure).
  struct UserTiming {
    std::string name;
    std::optional<double> duration;  // measures
    std::optional<double> start;     // startTime (marks)
  };
  std::vector<UserTiming> user_timings;
  struct Resource {
    std::string type;
    std::optional<double> size;   // "size" (budget rows) or "transferSize", as lhci reads it
    std::optional<double> count;  // requestCount
  };
  std::vector<Resource> resources;
  std::vector<ServedImage> served_images;  // read only when asked (LighthouseOptions::served_images)
  bool has_network_requests = false;       // the network-requests audit has items to read
};

// Parse one report held in `json`; `name` is used in messages. Throws
// util::Error naming `name`, what is wrong and the byte offset.
// `scores`: also keep every audit's score and item count and the user timings
// (LighthouseReport::scores, user_timings); skipped otherwise, as they cost time.
LighthouseReport parse_lighthouse_report(simdjson::padded_string_view json, const std::string& name,
                                         bool scores = true);

// The same for any file a team has: a report, a PageSpeed Insights answer (an error
// body is an error naming PSI's message), or a user flow (its navigation steps, each
// a report named "<file> (step N "name")").
std::vector<LighthouseReport> parse_lighthouse_reports(simdjson::padded_string_view json, const std::string& name,
                                                       bool scores = true, bool served_images = false);

// Read every input — a file, a glob, a directory of reports, or an http(s) URL —
// parse the reports on `jobs` threads, and group them into pages (URL and form
// factor), runs in input order.
// How runs become pages: by URL and form factor (perfgate's budgets), or by the
// final URL alone, as Lighthouse CI groups them (budgets read from a lighthouserc).
enum class Grouping { url_and_form_factor, url };

struct LighthouseOptions {
  Grouping grouping = Grouping::url_and_form_factor;
  // Measure audits' scores and item counts (audit-score:<id>, audit-items:<id>) for
  // these audit ids, or for every audit, and the user timings (user-timings:*): only
  // what a budget asks, since a report has a hundred and more audits and most budgets
  // name a few.
  std::set<std::string> audits;
  bool every_audit = false;
  bool user_timings = false;
  // Answer a budget on a renamed audit with its other name (time-to-first-byte and
  // server-response-time, ...): perfgate's budgets; lhci asserts the name it is given.
  bool renames = true;
  // images:legacy-format on a page: the image responses it loaded in these formats
  // ("png", "jpeg", "gif") of at least this many bytes, from the network-requests audit.
  bool served_images = false;
  std::vector<std::string> legacy_formats;
  std::uint64_t min_image_bytes = 0;
  // Which measurements to keep, by metric (empty: every one). A report has 70 numeric
  // audits and a budget names a few: on 1,050 reports the other 65,000 measurements
  // were a fifth of the run, made on one core after the parallel parse.
  std::function<bool(std::string_view metric)> keep;
};

// The metrics of the sign-off's page table, kept whatever the budget names.
inline constexpr std::string_view k_page_table_metrics[] = {
    "categories:performance", "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
    "cumulative-layout-shift", "speed-index", "server-response-time", "total-byte-weight"};

SourceResult read_lighthouse(const std::vector<std::string>& inputs, unsigned jobs, LighthouseOptions options = {});

// Why a report may lack the audit `id`: which Lighthouse version renamed, replaced or
// removed it, or "this Lighthouse version may not have that audit".
std::string lighthouse_rename_hint(std::string_view id);

// Turn parsed reports into grouped measurements (used by read_lighthouse).
SourceResult lighthouse_measurements(const std::vector<LighthouseReport>& reports, LighthouseOptions options = {});

}  // namespace sources
