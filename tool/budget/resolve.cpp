// Which budget a run is held to, and how several budget files combine into one: a
// team's lighthouserc beside its perfgate.json, or a perfgate.json that includes the
// size-limit config the team already keeps. Rules merge; a rule two files give with
// different limits is refused rather than one of them silently winning.
#include "budget/budget.hpp"
#include "budget/importers.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace budget {

namespace {

namespace fs = std::filesystem;

// Whether `b` has rules of Lighthouse's own metrics (images:legacy-format, which a
// report can answer too, is an image rule first).
bool has_lighthouse_rules(const Budget& b) {
  return std::any_of(b.rules.begin(), b.rules.end(), [](const Rule& r) { return r.info->source == "lighthouse"; });
}

// The same rule for the same pages: its metric and every filter that selects them.
std::string identity(const Rule& r) {
  std::vector<std::string> unless = r.unless;
  std::sort(unless.begin(), unless.end());
  return r.metric + '\x1f' + r.url + '\x1f' + r.form_factor + '\x1f' + std::string(compression_name(r.compression)) +
         '\x1f' + (r.url_regex ? r.url_regex->pattern() : std::string()) + '\x1f' + (r.lhci ? "lhci" : "") + '\x1f' +
         r.only_source + '\x1f' + util::join(unless, "\x1e") + '\x1f' + r.scenario;
}

bool same_limit(const Rule& a, const Rule& b) {
  return a.limit.op == b.limit.op && a.limit.value == b.limit.value && a.limit.unit == b.limit.unit &&
         a.severity == b.severity && a.aggregate == b.aggregate && a.max_increase.has_value() == b.max_increase.has_value() &&
         (!a.max_increase || (a.max_increase->value == b.max_increase->value && a.max_increase->percent == b.max_increase->percent));
}

Budget load(const std::string& path, std::set<std::string>& open) {
  std::error_code ec;
  const std::string key = fs::weakly_canonical(path, ec).string();
  if (!open.insert(ec ? path : key).second) {
    throw util::Error(path, "is included by itself (an \"include\" loop); include each file once");
  }
  Budget b = read_budget_file(path);
  b.files.insert(b.files.begin(), path);
  const fs::path folder = fs::path(path).parent_path();
  for (const auto& inc : b.includes) {
    const std::string where = fs::path(inc).is_absolute() ? inc : (folder / inc).lexically_normal().string();
    if (!fs::exists(where, ec)) {
      throw util::Error(path, "include: \"" + inc + "\" does not exist (" + where +
                                  "; an include is relative to the budget file's folder)");
    }
    combine(b, load(where, open));
  }
  open.erase(ec ? path : key);
  return b;
}

}  // namespace

Budget load_budget_file(const std::string& path) {
  std::set<std::string> open;
  return load(path, open);
}

void combine(Budget& into, Budget more) {
  const bool into_lh = has_lighthouse_rules(into), more_lh = has_lighthouse_rules(more);
  if (into.lhci != more.lhci && into_lh && more_lh) {
    const Budget& rc = into.lhci ? into : more;
    const Budget& own = into.lhci ? more : into;
    throw util::Error(own.path, "has Lighthouse rules, and so does the lighthouserc " + rc.path +
                                    ", which groups runs as lhci does (by URL alone, not URL and form factor); keep the "
                                    "Lighthouse rules in one of the two");
  }
  if (more_lh) into.lhci = more.lhci;
  if (into.aggregate != more.aggregate) {
    // Each file's own default travels with its rules.
    for (auto& r : into.rules) r.aggregate = r.aggregate.value_or(into.aggregate);
    for (auto& r : more.rules) r.aggregate = r.aggregate.value_or(more.aggregate);
  }
  if (more.images_set) {
    if (into.images_set && (into.images.legacy_formats != more.images.legacy_formats ||
                            into.images.modern_formats != more.images.modern_formats ||
                            into.images.min_bytes != more.images.min_bytes)) {
      throw util::Error(more.path, "images: differs from the \"images\" of " + into.path + "; give it in one file");
    }
    into.images = more.images;
    into.images_set = true;
  }
  for (auto& ref : more.legacy) {
    auto same = std::find_if(into.legacy.begin(), into.legacy.end(), [&](const Reference& r) { return r.metric == ref.metric; });
    if (same == into.legacy.end()) {
      into.legacy.push_back(std::move(ref));
    } else if (same->value != ref.value) {
      throw util::Error(more.path, "legacy." + ref.metric + ": \"" + ref.text + "\", but " + into.path + " says \"" +
                                       same->text + "\"; give it in one file");
    }
  }
  std::vector<Rule> added;
  for (auto& rule : more.rules) {
    const std::string id = identity(rule);
    auto same = std::find_if(into.rules.begin(), into.rules.end(), [&](const Rule& r) { return identity(r) == id; });
    if (same == into.rules.end()) {
      added.push_back(std::move(rule));
    } else if (!same_limit(*same, rule)) {
      throw util::Error(rule.origin, "\"" + rule.limit.text + "\" (" + std::string(severity_name(rule.severity)) +
                                         ") conflicts with " + same->origin + ": \"" + same->limit.text + "\" (" +
                                         std::string(severity_name(same->severity)) +
                                         ") for the same metric and pages; keep one of them");
    }
    // The same rule, the same limit: one verdict, from the first file.
  }
  for (auto& r : added) into.rules.push_back(std::move(r));
  // The SLA's rows: each once, the first file's wording kept.
  for (auto& row : more.sla) {
    if (std::none_of(into.sla.begin(), into.sla.end(), [&](const SlaRow& r) { return r.row == row.row; })) {
      into.sla.push_back(std::move(row));
    }
  }
  into.path += " + " + more.path;
  into.files.insert(into.files.end(), more.files.begin(), more.files.end());
  into.notes.insert(into.notes.end(), more.notes.begin(), more.notes.end());
}

Budget resolve_budget(const std::vector<std::string>& paths) {
  if (!paths.empty()) {
    Budget b = load_budget_file(paths.front());
    for (std::size_t i = 1; i < paths.size(); ++i) combine(b, load_budget_file(paths[i]));
    return b;
  }
  std::error_code ec;
  if (fs::exists("perfgate.json", ec)) return load_budget_file("perfgate.json");
  // A project moving from Lighthouse CI: its lighthouserc, found as lhci finds it (this
  // folder only, lhci's order of names), for the Lighthouse rules; the SLA's other rules
  // (bundles, images, load) from the built-in default, so that --stats beside it is
  // still checked.
  for (const char* name : k_lighthouserc_names) {
    if (!fs::exists(name, ec)) continue;
    Budget rc = load_budget_file(name);
    Budget rest = default_budget();
    rest.rules.erase(std::remove_if(rest.rules.begin(), rest.rules.end(),
                                    [](const Rule& r) { return r.info->source == "lighthouse"; }),
                     rest.rules.end());
    for (auto& r : rest.rules) r.only_source = std::string(r.info->source);
    rest.path = "(built-in default budget: bundle, image and load rules)";
    combine(rc, std::move(rest));
    return rc;
  }
  return default_budget();
}

}  // namespace budget
