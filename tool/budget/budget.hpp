// A budget: the rules a run is held against, read from a perfgate budget file
// (see budgets/perfgate.schema.json and docs/budgets.md, "Budget files") or built in.
// A budget never knows where a number comes from; sources never see a budget.
#pragma once

#include "budget/metrics.hpp"
#include "budget/threshold.hpp"
#include "util/regex.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace budget {

enum class Severity { error, warn };
enum class Aggregate { median, optimistic, pessimistic, median_run };
enum class Compression { gzip, brotli, raw };

std::string_view severity_name(Severity severity);
std::string_view aggregate_name(Aggregate aggregate);
std::string_view compression_name(Compression compression);
std::optional<Aggregate> parse_aggregate(std::string_view name);
std::optional<Compression> parse_compression(std::string_view name);

struct Rule {
  std::string metric;  // canonical key; may be a pattern ("entrypoint:*", "file:**/*.js")
  const MetricInfo* info = nullptr;
  Threshold limit;
  Severity severity = Severity::error;
  std::optional<Aggregate> aggregate;  // overrides the budget's
  Compression compression = Compression::gzip;  // for size metrics of bundles and files
  std::optional<Increase> max_increase;  // regression budget against --baseline
  std::string url;          // only pages whose URL matches this glob ("" = all)
  std::string form_factor;  // only "mobile" or "desktop" pages ("" = all)
  // Only pages whose URL this regular expression finds (lhci's matchingUrlPattern).
  std::shared_ptr<const util::Regex> url_regex;
  std::string origin;       // "<file>: budgets.<key>", for messages
  // Read from a lighthouserc: lhci's meaning of an audit missing from a run (a
  // failing "auditRan" verdict) and of a warn-level assertion without a value (a
  // warning), where perfgate's own budgets call both "could not check".
  bool lhci = false;
  // Only measurements of this source ("" = every source that answers the metric): the
  // built-in image rule beside a found lighthouserc holds --images, never the reports.
  std::string only_source;
  // Measurements these patterns name are not this rule's (a later bundlewatch entry
  // matching the same file takes it: bundlewatch applies the last entry that matches).
  std::vector<std::string> unless;
  // Only this load-test scenario (a budget's "scenarios": {NAME: {...}}); such a rule
  // wins over the general one with the same metric for that scenario.
  std::string scenario;
};

// What counts as a legacy image and which siblings make it acceptable.
struct ImagePolicy {
  // GIF is not in the default: perfgate cannot convert it (no GIF decoder, and an
  // animation cannot be flattened), so a default budget must not demand a sibling for it.
  std::vector<std::string> legacy_formats = {"png", "jpeg"};
  std::vector<std::string> modern_formats = {"webp", "avif"};
  std::uint64_t min_bytes = 2000;  // smaller legacy images are not flagged (default 2 KB)
};

// A value from before, shown beside what is measured now and never a limit: the legacy
// system's p99 that an endpoint replaces ("legacy": {"api:GET /v1/x:p99": "1200 ms"}).
struct Reference {
  std::string metric;  // canonical key; an api: key may be a pattern
  double value = 0;    // base units
  std::string text;    // as the budget wrote it
};

// A row of the SLA's summary, shown at the top of the sign-off with its status: judged by
// the budget's rules of these keys ("entrypoint:*", "route:*"), or measured by something
// other than perfgate (uptime monitoring, RDS Performance Insights, CloudFront), said so.
struct SlaRow {
  std::string row;          // the SLA's words: "Page load time (initial)"
  std::string target;       // as the SLA writes it: "< 2 seconds"; may be empty
  std::vector<std::string> keys;  // budget keys, canonical; empty when measured_by
  std::string measured_by;  // what measures it instead
  std::string origin;       // "<file>: sla[3]"
  std::vector<std::string> missing;  // keys no rule of the budget has (set by evaluate)
};

struct Budget {
  std::string path;  // the file, or "(built-in default)"; "a + b" for budgets combined
  std::vector<std::string> files;  // every file read for it (includes too), for the output checks
  std::vector<Reference> legacy;
  Aggregate aggregate = Aggregate::median;
  std::vector<Rule> rules;
  ImagePolicy images;
  bool images_set = false;  // the file has an "images" section of its own
  bool lhci = false;  // a lighthouserc: runs are grouped by URL alone, as lhci groups them
  // "include": other tools' configs (or budgets) this one takes in, as written,
  // relative to the file's folder (see load_budget_file).
  std::vector<std::string> includes;
  // What the file asks that perfgate leaves to another tool, said once on standard
  // error (angular.json's anyComponentStyle: ng build checks it).
  std::vector<std::string> notes;
  std::vector<SlaRow> sla;  // "sla": the SLA's summary rows, in order
};

// The legacy value for `metric`: its own key first, else the longest (most specific)
// api: pattern that matches it; nullptr when none does.
const Reference* find_legacy(const std::vector<Reference>& legacy, std::string_view metric);

// Parse a perfgate budget from `json`; `name` is used in error messages.
// Throws util::Error naming the file and key on any problem.
Budget parse_budget(std::string_view json, const std::string& name);

// Read the budget file at `path` (perfgate's format, or a config of another
// tool recognised by its name or content: see budget/importers.hpp), alone.
Budget read_budget_file(const std::string& path);

// Read the budget file at `path` with every file its "include" names (relative to its
// folder; an include that includes again is followed, a loop refused), combined.
Budget load_budget_file(const std::string& path);

// Return the built-in budget (budgets/default.json, compiled in).
Budget default_budget();

// The budget for a run (budget/resolve.cpp): every file of `paths` (--budget, repeatable)
// combined; else ./perfgate.json when present; else a lighthouserc found as lhci finds
// it, for the Lighthouse rules, with the built-in default's other rules (bundles,
// images, load), so that a found config never leaves the other inputs unchecked; else
// the built-in default.
Budget resolve_budget(const std::vector<std::string>& paths);

// Combine `more` into `into`: rules and legacy values are merged; the same rule with
// another limit, images policies that differ, or Lighthouse rules of a lighthouserc
// beside perfgate's own (runs are grouped differently) are refused, naming both files.
void combine(Budget& into, Budget more);

// The text of budgets/default.json, compiled in.
extern const char* const k_default_budget_json;
extern const char* const k_api_budget_json;  // budgets/api-sla.json

}  // namespace budget
