// The history: every check recorded (its JSON result and identity) in SQLite (a file
// path) or PostgreSQL (a postgresql:// URL), so that a release is compared with the
// last one and each figure has a series. One interface, one file per database
// (sqlite.cpp, postgres.cpp); the schema is versioned (schema.cpp) and created or
// migrated under a lock, and a run is written in one transaction: many CI jobs writing
// at once lose no run, and a writer killed mid-way leaves the store as it was.
#pragma once

#include "evaluate/outcome.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace history {

// The schema this perfgate writes; a store made by a newer one is refused.
inline constexpr int k_schema_version = 1;

// One recorded check.
struct RunInfo {
  std::int64_t id = 0;
  std::string recorded_at;  // UTC, when it was written
  std::string release, commit, branch, date, budget, perfgate;
  int exit_code = 0;
  int failed = 0, errors = 0, results = 0;
};

// One figure of one recorded check, for a series.
struct Point {
  std::int64_t run = 0;
  std::string release, branch, recorded_at;
  std::string subject, variant;
  double value = 0;
  std::string status;
};

// Which recorded check to take a baseline from.
struct Selector {
  enum class Kind { last, last_release, branch } kind = Kind::last;
  std::string value;            // the branch
  std::string current_release;  // last_release: a release other than this one
};

class Store {
public:
  virtual ~Store() = default;
  // Write the check: its identity, counts, every verdict, and the JSON result whole.
  virtual std::int64_t record(const evaluate::Outcome& outcome, const std::string& result_json) = 0;
  // The recorded checks, newest first.
  virtual std::vector<RunInfo> runs(std::size_t limit) = 0;
  // The figures of `metric` (every subject and variant), oldest first, from the last
  // `limit` checks that have it.
  virtual std::vector<Point> series(const std::string& metric, std::size_t limit) = 0;
  // The JSON result of the chosen check, and which it was; nullopt when none matches.
  virtual std::optional<std::pair<RunInfo, std::string>> result(const Selector& selector) = 0;
};

// Open (and create or migrate) the store at `dest`: "postgresql://..." or "postgres://..."
// is PostgreSQL, anything else a SQLite file. An existing file that is not a perfgate
// history (another database, any other file, an empty file) is refused, never written.
// Throws util::Error naming `dest`.
std::unique_ptr<Store> open(const std::string& dest);

// Whether `dest` names PostgreSQL.
bool is_postgres(const std::string& dest);

// "history:last-release", "history:branch:main", "history:last" -> a selector; nullopt
// for anything else (a baseline file or URL). Throws util::Error for "history:" with
// an unknown rest.
std::optional<Selector> parse_selector(const std::string& baseline, const std::string& current_release);

// The current time, UTC, as the history writes it ("2026-12-07T04:50:00Z").
std::string now_utc();

}  // namespace history
