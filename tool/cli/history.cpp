// `perfgate history`: the checks a history holds (newest first), and one figure's
// series across them (`--metric route:/chart`), as text or JSON.
#include "cli/app.hpp"

#include "cli/output.hpp"
#include "history/history.hpp"
#include "util/error.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

namespace cli {

namespace {

struct HistoryOptions {
  std::string dest;
  std::string format = "text";
  std::string metric;
  std::size_t limit = 20;
};

std::string verdict(int exit_code) { return exit_code == 0 ? "PASS" : exit_code == 1 ? "FAIL" : "ERROR"; }

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

int run_history(HistoryOptions o) {
  if (o.dest.empty()) {
    if (const char* env = std::getenv("PERFGATE_HISTORY"); env && *env) o.dest = env;
    else throw util::Error("perfgate history", "which history? give --history DEST (a SQLite file or a postgresql:// URL) or set $PERFGATE_HISTORY");
  }
  if (o.format != "text" && o.format != "json") throw util::Error("--format", "\"" + o.format + "\" is not text or json");
  if (!history::is_postgres(o.dest)) {
    std::error_code ec;
    if (!std::filesystem::exists(o.dest, ec)) throw util::Error(o.dest, "no such history (a check with --history " + o.dest + " makes one)");
  }
  const auto store = history::open(o.dest);
  std::string out;
  util::JsonWriter w(out);
  if (o.metric.empty()) {
    const auto runs = store->runs(o.limit);
    if (o.format == "json") {
      w.begin_object();
      w.key("runs");
      w.begin_array();
      for (const auto& r : runs) {
        w.begin_object();
        w.field("id", static_cast<std::int64_t>(r.id));
        w.field("recorded_at", r.recorded_at);
        w.field("release", r.release);
        w.field("commit", r.commit);
        w.field("branch", r.branch);
        w.field("date", r.date);
        w.field("budget", r.budget);
        w.field("perfgate", r.perfgate);
        w.field("exit_code", r.exit_code);
        w.field("results", r.results);
        w.field("failed", r.failed);
        w.field("errors", r.errors);
        w.end_object();
      }
      w.end_array();
      w.end_object();
      out += "\n";
    } else {
      out = pad("run", 6) + pad("recorded", 22) + pad("release", 14) + pad("commit", 14) + pad("branch", 16) + "verdict\n";
      for (const auto& r : runs) {
        out += pad(std::to_string(r.id), 6) + pad(r.recorded_at, 22) + pad(r.release.empty() ? "-" : r.release, 14) +
               pad(r.commit.empty() ? "-" : r.commit.substr(0, 12), 14) + pad(r.branch.empty() ? "-" : r.branch, 16) +
               verdict(r.exit_code) + " (" + std::to_string(r.failed) + " of " + std::to_string(r.results) + " exceeded" +
               (r.errors ? ", " + std::to_string(r.errors) + " not checked" : "") + ")\n";
      }
      if (runs.empty()) out += "(no checks recorded yet)\n";
    }
  } else {
    const auto points = store->series(o.metric, o.limit);
    if (points.empty()) throw util::Error(o.dest, "no recorded check has " + o.metric + " (run 'perfgate history' for what it holds)");
    // One series per subject (and variant), oldest first.
    std::map<std::string, std::vector<const history::Point*>> by;
    for (const auto& p : points) by[p.subject + (p.variant.empty() ? "" : " (" + p.variant + ")")].push_back(&p);
    if (o.format == "json") {
      w.begin_object();
      w.field("metric", o.metric);
      w.key("series");
      w.begin_array();
      for (const auto& [name, list] : by) {
        w.begin_object();
        w.field("subject", list.front()->subject);
        w.field("variant", list.front()->variant);
        w.key("points");
        w.begin_array();
        for (const auto* p : list) {
          w.begin_object();
          w.field("run", static_cast<std::int64_t>(p->run));
          w.field("recorded_at", p->recorded_at);
          w.field("release", p->release);
          w.field("branch", p->branch);
          w.field("value", p->value);
          w.field("status", p->status);
          w.end_object();
        }
        w.end_array();
        w.end_object();
      }
      w.end_array();
      w.end_object();
      out += "\n";
    } else {
      for (const auto& [name, list] : by) {
        out += o.metric + " on " + name + "\n";
        for (const auto* p : list) {
          char value[40];
          std::snprintf(value, sizeof value, "%.6g", p->value);
          out += "  run " + pad(std::to_string(p->run), 6) + pad(p->recorded_at, 22) + pad(p->release.empty() ? "-" : p->release, 14) +
                 pad(value, 14) + p->status + "\n";
        }
      }
    }
  }
  return write_stdout(util::defuse_workflow_commands(out), "the history") ? 0 : 2;
}

}  // namespace

void register_history(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* cmd = app.add_subcommand("history", "List the checks a history holds, or one figure's series");
  cmd->footer(R"(Examples:
  perfgate check --lighthouse .lighthouseci --history perf.sqlite --release 2.3.4   record a check
  perfgate history --history perf.sqlite                      the checks, newest first
  perfgate history --history perf.sqlite --metric route:/chart --format json   one figure over time
  perfgate check ... --history postgresql://perf@db/perf --baseline history:last-release

The history is a SQLite file, or a PostgreSQL database (postgresql://user@host/db).)");
  cmd->add_option("--history", o->dest, "The history: a SQLite file or a postgresql:// URL (default: $PERFGATE_HISTORY)");
  cmd->add_option("--metric", o->metric, "A result key (largest-contentful-paint, route:/chart, api:p95): its series");
  cmd->add_option("--limit", o->limit, "How many checks (default 20)")->check(CLI::PositiveNumber);
  cmd->add_option("--format,-f", o->format, "text or json");
  cmd->final_callback([o, &chosen] { chosen = [o] { return run_history(*o); }; });
}

}  // namespace cli
