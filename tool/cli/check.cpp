// `perfgate check`: read the inputs, hold them against the budget, write every
// requested format, and exit 0 (met), 1 (exceeded) or 2 (could not check).
#include "cli/app.hpp"

#include "budget/budget.hpp"
#include "cli/identity.hpp"
#include "cli/output.hpp"
#include "evaluate/baseline.hpp"
#include "history/history.hpp"
#include "evaluate/evaluate.hpp"
#include "net/http.hpp"
#include "report/render.hpp"
#include "sources/bundles/bundle.hpp"
#include "sources/images.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "sources/load/load.hpp"
#include "sources/routes/routes.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <set>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

namespace cli {

namespace {

struct CheckOptions {
  std::vector<std::string> budget;
  std::vector<std::string> lighthouse;
  std::vector<std::string> stats;
  std::vector<std::string> dist;
  std::vector<std::string> images;
  std::vector<std::string> load;
  std::optional<std::string> openapi;  // the API's OpenAPI document: its operations group --load requests
  std::vector<std::string> builds;  // --build, and --stats given a framework's folder
  std::vector<std::string> html;
  std::vector<std::string> formats;
  std::string aggregate;
  std::optional<std::string> baseline;
  std::optional<std::string> post;
  unsigned jobs = 0;
  bool no_cache = false;
  std::string cache_dir;
  std::string color = "auto";
  std::optional<std::string> release;  // the sign-off's release name
  std::optional<std::string> date;     // the sign-off's date
  std::optional<std::string> history;  // where each check is recorded (SQLite file, postgresql:// URL)
};

bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// --load [NAME=]FILE: a NAME is what comes before the first '=' when it has no '/' and
// the whole argument is not itself a file.
sources::LoadInput load_input(const std::string& arg) {
  const auto eq = arg.find('=');
  std::error_code ec;
  if (eq != std::string::npos && eq > 0 && arg.find('/') > eq && !std::filesystem::exists(arg, ec)) {
    return {arg.substr(0, eq), arg.substr(eq + 1)};
  }
  return {sources::scenario_of(arg), arg};
}

// Every file and folder the run reads, for the output checks: what was given, and
// what a Lighthouse glob expands to.
std::vector<InputPath> input_paths(const CheckOptions& o, const budget::Budget& budget) {
  std::vector<InputPath> in;
  for (const auto& f : budget.files) in.push_back({"--budget", f});
  for (const auto& l : o.lighthouse) {
    if (is_url(l)) continue;
    if (util::has_glob_chars(l)) {
      for (const auto& f : util::expand_glob(l)) in.push_back({"--lighthouse", f});
    } else {
      in.push_back({"--lighthouse", l});
    }
  }
  for (const auto& f : o.stats) in.push_back({"--stats", f});
  for (const auto& d : o.dist) {
    const auto eq = d.find('=');
    const bool named = eq != std::string::npos && eq > 0 && d.find('/') > eq && !std::filesystem::exists(d);
    in.push_back({"--dist", named ? d.substr(eq + 1) : d});
  }
  for (const auto& f : o.images) in.push_back({"--images", f});
  for (const auto& f : o.load) in.push_back({"--load", load_input(f).file});
  if (o.openapi) in.push_back({"--openapi", *o.openapi});
  for (const auto& f : o.builds) in.push_back({"--build", f});
  for (const auto& g : o.html) {
    if (util::has_glob_chars(g)) {
      for (const auto& f : util::expand_glob(g)) in.push_back({"--html", f});
    } else {
      in.push_back({"--html", g});
    }
  }
  if (o.baseline && !is_url(*o.baseline)) in.push_back({"--baseline", *o.baseline});
  return in;
}

// The last 20 recorded values of each verdict's figure, this check's appended, and the
// newest point of a release other than this one marked.
void add_trends(history::Store& store, evaluate::Outcome& outcome) {
  std::set<std::string> metrics;
  for (const auto& v : outcome.results) metrics.insert(v.metric);
  std::map<std::string, std::vector<history::Point>> by_key;
  for (const auto& m : metrics) {
    for (auto& p : store.series(m, 20)) by_key[m + '\x1f' + p.subject + '\x1f' + p.variant].push_back(std::move(p));
  }
  for (const auto& v : outcome.results) {
    const std::string key = evaluate::trend_key(v);
    const auto it = by_key.find(key);
    if (it == by_key.end()) continue;
    evaluate::Trend t;
    for (const auto& p : it->second) t.points.push_back({p.value, p.release});
    t.points.push_back({v.value, outcome.identity.release});
    for (std::size_t i = t.points.size() - 1; i-- > 0;) {
      if (!t.points[i].release.empty() && t.points[i].release != outcome.identity.release) {
        t.previous_release = i;
        break;
      }
    }
    outcome.trends[key] = std::move(t);
  }
}

int run_check(CheckOptions o) {
  // --stats given a framework's build folder (.next, .svelte-kit, ...) reads its routes.
  for (auto it = o.stats.begin(); it != o.stats.end();) {
    std::error_code ec;
    if (std::filesystem::is_directory(*it, ec)) {
      o.builds.push_back(*it);
      it = o.stats.erase(it);
    } else {
      ++it;
    }
  }
  const std::vector<OutputSpec> outputs = parse_outputs(o.formats, o.color);
  const budget::Budget budget = budget::resolve_budget(o.budget);
  for (const auto& note : budget.notes) std::cerr << "perfgate: note: " << util::safe_line(note) << "\n";

  evaluate::Options options;
  if (!o.aggregate.empty()) {
    options.aggregate = budget::parse_aggregate(o.aggregate);
    if (!options.aggregate) {
      throw util::Error("--aggregate", "\"" + o.aggregate + "\" is not median, optimistic, pessimistic or median-run");
    }
  }
  // --dist DIR (one), and --dist NAME=DIR per compiler of a multi-compiler build.
  std::optional<std::string> dist;
  std::map<std::string, std::string> compiler_dist;
  for (const auto& d : o.dist) {
    const auto eq = d.find('=');
    if (eq != std::string::npos && eq > 0 && d.find('/') > eq && !std::filesystem::exists(d)) {
      compiler_dist[d.substr(0, eq)] = d.substr(eq + 1);
    } else if (dist) {
      throw util::Error("--dist", "given twice (" + *dist + ", " + d + "); for a multi-compiler build use --dist NAME=DIR");
    } else {
      dist = d;
    }
  }
  if (o.lighthouse.empty() && o.stats.empty() && !dist && compiler_dist.empty() && o.images.empty() && o.load.empty() &&
      o.builds.empty() && o.html.empty()) {
    throw util::Error("perfgate check", "nothing to check: give --lighthouse, --build, --html, --stats, --dist, --images or --load "
                                        "(see 'perfgate check --help')");
  }
  if (o.openapi && o.load.empty()) {
    throw util::Error("--openapi " + *o.openapi, "names the API's operations for --load results, and no --load was given");
  }
  if (!compiler_dist.empty() && o.stats.empty()) {
    throw util::Error("--dist " + compiler_dist.begin()->first + "=" + compiler_dist.begin()->second,
                      "NAME=DIR names the folder of one compiler of a multi-compiler build, read with its --stats; give "
                      "--stats, or --dist DIR for file: budgets");
  }
  // Nothing of the user's is written over: checked before anything is read or written.
  refuse_clashing_outputs(outputs, input_paths(o, budget));
  const unsigned jobs = o.jobs ? o.jobs : util::default_jobs();

  // Which inputs the budget reads: one that no rule reads is an error, not ignored.
  std::vector<evaluate::Input> given;
  for (const auto& l : o.lighthouse) given.push_back({"lighthouse", "--lighthouse", l});
  for (const auto& f : o.stats) given.push_back({"bundle", "--stats", f});
  // --dist is read with --stats (where the stats' files are) or by file: rules.
  if ((dist || !compiler_dist.empty()) && o.stats.empty()) given.push_back({"files", "--dist", dist.value_or(o.dist.front())});
  for (const auto& f : o.images) given.push_back({"images", "--images", f});
  for (const auto& f : o.load) given.push_back({"load", "--load", f});
  for (const auto& f : o.builds) given.push_back({"routes", "--build", f});
  for (const auto& f : o.html) given.push_back({"routes", "--html", f});
  const std::vector<sources::Problem> unread = evaluate::unread_inputs(budget, given);
  options.input_errors = unread;
  auto read = [&](std::string_view source) {
    return std::none_of(unread.begin(), unread.end(), [&](const sources::Problem& p) { return p.source == source; });
  };

  std::vector<sources::SourceResult> measured;
  if (!o.lighthouse.empty() && read("lighthouse")) {
    // Grouped as lhci groups them for a lighthouserc; the audit details its rules need.
    const sources::LighthouseOptions lighthouse = evaluate::lighthouse_options(budget);
    measured.push_back(sources::read_lighthouse(o.lighthouse, jobs, lighthouse));
  }
  if ((!o.stats.empty() && read("bundle")) || (dist && o.stats.empty() && read("files"))) {
    sources::BundleInputs inputs;
    inputs.stats = o.stats;
    inputs.dist = dist;
    inputs.compiler_dist = compiler_dist;
    inputs.jobs = jobs;
    inputs.use_cache = !o.no_cache;
    inputs.cache_dir = o.cache_dir;
    // Measure only what the budget asks for: brotli at quality 11 is slow, and a
    // dist folder is mostly source maps that no budget names.
    for (const auto& rule : budget.rules) {
      const std::string_view source = rule.info->source;
      if ((source == "bundle" || source == "files") && rule.compression == budget::Compression::brotli) {
        inputs.brotli = true;
      }
      if (source == "files") inputs.file_globs.push_back(rule.metric.substr(rule.metric.find(':') + 1));
    }
    if (!o.stats.empty()) measured.push_back(sources::read_bundle(inputs));
    if (dist && !inputs.file_globs.empty()) measured.push_back(sources::read_files(inputs));
  }
  if ((!o.builds.empty() || !o.html.empty()) && read("routes")) {
    sources::RouteInputs inputs;
    inputs.builds = o.builds;
    inputs.html = o.html;
    inputs.jobs = jobs;
    inputs.use_cache = !o.no_cache;
    inputs.cache_dir = o.cache_dir;
    for (const auto& rule : budget.rules) {
      if (std::string_view(rule.info->source) == "routes" && rule.compression == budget::Compression::brotli) inputs.brotli = true;
    }
    measured.push_back(sources::read_routes(inputs));
  }
  if (!o.images.empty() && read("images")) {
    sources::ImageScanOptions scan{budget.images.legacy_formats, budget.images.modern_formats,
                                   budget.images.min_bytes};
    measured.push_back(sources::read_images(o.images, scan));
  }

  if (!o.load.empty() && read("load")) {
    sources::LoadOptions load;
    load.jobs = jobs;
    load.progress = util::is_terminal(stderr);
    load.templates = evaluate::load_templates(budget);
    if (o.openapi) load.operations = sources::openapi_templates(*o.openapi);
    load.capacity = evaluate::load_capacity(budget);
    load.series = std::any_of(outputs.begin(), outputs.end(), [](const OutputSpec& out) { return out.format == report::Format::html; });
    std::vector<sources::LoadInput> inputs;
    for (const auto& f : o.load) inputs.push_back(load_input(f));
    measured.push_back(sources::read_load(inputs, load));
  }
  // What the sources found they read (a stats file's output folder, a history beside
  // Locust's stats, an lhci manifest's reports): checked again before anything is written.
  {
    std::vector<InputPath> found = input_paths(o, budget);
    for (const auto& m : measured) {
      const std::string flag = m.source == "bundle" ? "stats" : m.source == "routes" ? "build" : m.source;
      for (const auto& path : m.inputs) found.push_back({"--" + flag + " (read)", path});
    }
    refuse_clashing_outputs(outputs, found);
  }
  IdentityOptions identity{o.release, o.date, budget.files};
  evaluate::Identity id = gather_identity(identity, measured);
  evaluate::Outcome outcome = evaluate::evaluate(budget, std::move(measured), options);
  outcome.identity = std::move(id);
  // The history is opened (created, migrated) before anything is written: a store that
  // cannot be used stops the check here, with nothing half done.
  std::unique_ptr<history::Store> store;
  if (o.history) store = history::open(*o.history);
  if (o.baseline) {
    // A baseline that cannot be used is an error of this run, not the end of it:
    // the verdicts are still written to every output.
    try {
      if (auto selector = history::parse_selector(*o.baseline, outcome.identity.release)) {
        if (!store) throw util::Error("--baseline " + *o.baseline, "a history baseline needs --history DEST");
        auto chosen = store->result(*selector);
        if (!chosen) {
          throw util::Error("--baseline " + *o.baseline,
                            "the history (" + *o.history + ") has no such run" +
                                (selector->kind == history::Selector::Kind::last_release
                                     ? " (a run of a release other than \"" + outcome.identity.release + "\")"
                                     : selector->kind == history::Selector::Kind::branch ? " (on branch " + selector->value + ")" : ""));
        }
        evaluate::apply_baseline_text(outcome, budget, chosen->second,
                                      "--baseline " + *o.baseline + " (run " + std::to_string(chosen->first.id) +
                                          (chosen->first.release.empty() ? "" : ", release " + chosen->first.release) + ")");
        outcome.baseline_from = "run " + std::to_string(chosen->first.id) + " of the history" +
                                (chosen->first.release.empty() ? "" : ", release " + chosen->first.release) +
                                (chosen->first.commit.empty() ? "" : ", commit " + chosen->first.commit.substr(0, 12));
      } else {
        evaluate::apply_baseline(outcome, budget, *o.baseline);
        outcome.baseline_from = *o.baseline;
      }
    } catch (const util::Error& e) {
      outcome.errors.push_back({"baseline", "", "--baseline", e.message()});
    } catch (const std::exception& e) {
      outcome.errors.push_back({"baseline", "", "--baseline", *o.baseline + ": " + e.what()});
    }
  }

  // Each budget's figure over the recorded checks, for the sign-off's trends.
  if (store && std::any_of(outputs.begin(), outputs.end(), [](const OutputSpec& out) { return out.format == report::Format::html; })) {
    try {
      add_trends(*store, outcome);
    } catch (const util::Error& e) {
      outcome.errors.push_back({"history", "", *o.history, e.message()});
    }
  }

  // Each error once: on standard error, and in the text report only where that goes elsewhere.
  for (const auto& e : outcome.errors) std::cerr << "perfgate: error: " << util::safe_line(e.line()) << "\n";
  // Every output is attempted; any that fails makes the exit status 2.
  bool outputs_ok = write_outputs(outputs, outcome);
  if (o.post) {
    try {
      net::post_json(*o.post, report::render(report::Format::json, outcome, {}));
    } catch (const util::Error& e) {
      std::cerr << "perfgate: error: " << util::safe_line(e.message()) << "\n";
      outputs_ok = false;
    } catch (const std::exception& e) {
      std::cerr << "perfgate: error: --post: " << util::safe_line(e.what()) << "\n";
      outputs_ok = false;
    }
  }
  if (store) {
    // Recorded last, with what every output said: one transaction, so a check killed
    // before this leaves the history as it was.
    try {
      store->record(outcome, report::render(report::Format::json, outcome, {}));
    } catch (const util::Error& e) {
      std::cerr << "perfgate: error: " << util::safe_line(e.message()) << "\n";
      outputs_ok = false;
    }
  }
  return outputs_ok ? outcome.exit_code() : 2;
}

}  // namespace

void register_check(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Hold reports, bundles and images against the budget");
  cmd->footer(R"(Examples:
  perfgate check --lighthouse 'lhr/*.json'
  perfgate check --budget perfgate.json --lighthouse .lighthouseci --aggregate median-run
  perfgate check --stats dist/stats.json --dist dist --format markdown=perf.md
  perfgate check --build .next                 each route's first-load JS+CSS (Next.js, SvelteKit, Nuxt,
                                               React Router, Angular, Astro: the framework is recognised)
  perfgate check --html 'dist/**/*.html'       each built page's JS+CSS (Parcel, Rollup, any static site)
  perfgate check --images public/img --format json
  perfgate check --load results.jtl --budget budgets/api-sla.json   API p50/p95/p99, errors, throughput
  perfgate check --load steady=steady.jtl --load spike=spike.jtl --budget api.json   two scenarios, each its targets
  perfgate check --load run.jtl --openapi openapi.yaml --format html=signoff.html    requests grouped by the API's operations

Inputs that are not given are not checked; every budget the inputs can answer is.
Exit status: 0 every budget met, 1 a budget exceeded, 2 something could not be checked.)");
  cmd->add_option("--budget", o->budget,
                  "Budget file (perfgate's, or lighthouserc/budget.json/size-limit/bundlesize/bundlewatch); repeatable: "
                  "the rules of every file combine");
  cmd->add_option("--lighthouse,-l", o->lighthouse, "Lighthouse JSON report: file, glob, directory or URL (repeatable)");
  cmd->add_option("--build", o->builds,
                  "A framework's build folder (.next, .svelte-kit, .output, build, dist/<app>, or the project): "
                  "each route's first-load JS and CSS, for route: budgets (repeatable)");
  cmd->add_option("--html", o->html, "Built HTML pages (file, folder or glob): each page a route (repeatable)");
  cmd->add_option("--stats", o->stats,
                  "webpack stats.json, Vite manifest.json or esbuild metafile; a framework's build folder is read "
                  "as --build (repeatable)");
  cmd->add_option("--dist", o->dist,
                  "Folder of built files (default: the stats' outputPath); NAME=DIR for one compiler of a "
                  "multi-compiler build (repeatable)");
  cmd->add_option("--images", o->images, "Folder of images to check for legacy formats (repeatable)");
  cmd->add_option("--load", o->load,
                  "Load-test result, [NAME=]FILE: k6 (points or summary), Locust stats CSV, Artillery report, "
                  "autocannon JSON, JMeter JTL; NAME is its scenario (default: the file's stem) (repeatable)");
  cmd->add_option("--openapi", o->openapi,
                  "The API's OpenAPI 3 / Swagger 2 document (YAML or JSON): its operations group --load requests "
                  "named by their URL (GET /v1/patients/{id})");
  cmd->add_option("--history", o->history,
                  "Record this check in a history: a SQLite file, or a postgresql:// URL (see 'perfgate history')");
  cmd->add_option("--release", o->release,
                  "The release this check signs off (default: the \"version\" of ./package.json)");
  cmd->add_option("--date", o->date,
                  "The sign-off's date, YYYY-MM-DD or ISO 8601 (default: SOURCE_DATE_EPOCH, else now)");
  cmd->add_option("--format,-f", o->formats,
                  "Output: text, json, junit, markdown, github, html; FORMAT=FILE writes a file (repeatable)");
  cmd->add_option("--aggregate", o->aggregate, "How runs of a page combine: median, optimistic, pessimistic, median-run")
      ->check(CLI::IsMember({"median", "optimistic", "pessimistic", "median-run"}));
  cmd->add_option("--baseline", o->baseline,
                  "A previous JSON result to compare with: a file, a URL, or from --history: history:last-release, "
                  "history:branch:NAME, history:last");
  cmd->add_option("--post", o->post, "POST the JSON result to this URL");
  cmd->add_option("--jobs,-j", o->jobs, "Parallel jobs (default: number of cores)");
  cmd->add_flag("--no-cache", o->no_cache, "Do not read or write the size cache");
  cmd->add_option("--cache-dir", o->cache_dir, "Cache folder (default: $PERFGATE_CACHE_DIR or ~/.cache/perfgate)");
  cmd->add_option("--color", o->color, "Colour: auto (on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->callback([o, &chosen] { chosen = [o] { return run_check(*o); }; });
}

}  // namespace cli
