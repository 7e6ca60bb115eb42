// Version 1. `runs` holds each check's identity and its JSON result whole (what a
// baseline needs); `results` one row per verdict (what a series needs), indexed by
// metric. `perfgate_schema` holds the version: a store made by a newer perfgate is
// refused rather than written in a shape it does not know.
#include "history/schema.hpp"

namespace history::schema {

std::vector<std::string> create(const std::string& id_type, const std::string& real) {
  return {
      "CREATE TABLE perfgate_schema (version INTEGER NOT NULL)",
      "CREATE TABLE perfgate_runs (id " + id_type +
          ", recorded_at TEXT NOT NULL, release TEXT NOT NULL, commit_sha TEXT NOT NULL, branch TEXT NOT NULL,"
          " run_date TEXT NOT NULL, budget TEXT NOT NULL, perfgate TEXT NOT NULL, exit_code INTEGER NOT NULL,"
          " failed INTEGER NOT NULL, errors INTEGER NOT NULL, results INTEGER NOT NULL, result TEXT NOT NULL)",
      "CREATE TABLE perfgate_results (run_id BIGINT NOT NULL REFERENCES perfgate_runs (id) ON DELETE CASCADE,"
          " source TEXT NOT NULL, metric TEXT NOT NULL, subject TEXT NOT NULL, variant TEXT NOT NULL, value " + real +
          " NOT NULL, unit TEXT NOT NULL, limit_value " + real + ", op TEXT NOT NULL, status TEXT NOT NULL)",
      "CREATE INDEX perfgate_results_metric ON perfgate_results (metric, run_id)",
      "CREATE INDEX perfgate_runs_release ON perfgate_runs (release, id)",
      "CREATE INDEX perfgate_runs_branch ON perfgate_runs (branch, id)",
      "INSERT INTO perfgate_schema (version) VALUES (1)",
  };
}

std::vector<std::string> migrate(int) { return {}; }

}  // namespace history::schema
