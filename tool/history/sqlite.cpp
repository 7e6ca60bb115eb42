// The history in a SQLite file (Debian's libsqlite3): the default, one file beside the
// project or on a CI cache. Writers take the database's write lock up front (BEGIN
// IMMEDIATE) and wait for it (busy timeout), so concurrent jobs queue rather than fail;
// SQLite's rollback journal makes a writer killed mid-transaction leave nothing behind.
#include "history/history.hpp"
#include "history/schema.hpp"

#include "budget/threshold.hpp"
#include "util/error.hpp"

#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace history {

namespace {

class Sqlite final : public Store {
public:
  explicit Sqlite(const std::string& path) : m_path(path) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (exists) refuse_foreign_file();
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
      sqlite3_close(m_db);
      m_db = nullptr;
      throw util::Error(path, "cannot open the history: " + why);
    }
    try {
      prepare(exists);
    } catch (...) {
      sqlite3_close(m_db);
      throw;
    }
  }
  ~Sqlite() override { sqlite3_close(m_db); }

  void prepare(bool exists) {
    const std::string& path = m_path;
    sqlite3_busy_timeout(m_db, 300'000);  // five minutes: a queue of CI jobs, not a hang
    exec("PRAGMA foreign_keys = ON");
    Transaction t(*this);
    const int version = schema_version();
    if (version < 0) {
      if (exists) throw util::Error(path, "is a SQLite database but not a perfgate history (no perfgate_schema table); give another file");
      for (const auto& sql : schema::create("INTEGER PRIMARY KEY AUTOINCREMENT", "REAL")) exec(sql);
    } else if (version > k_schema_version) {
      throw util::Error(path, "is a perfgate history of schema " + std::to_string(version) + ", made by a newer perfgate; this one knows " +
                                  std::to_string(k_schema_version) + ": upgrade perfgate");
    } else {
      for (int v = version; v < k_schema_version; ++v) {
        for (const auto& sql : schema::migrate(v)) exec(sql);
        exec("UPDATE perfgate_schema SET version = " + std::to_string(v + 1));
      }
    }
    t.commit();
  }

  std::int64_t record(const evaluate::Outcome& outcome, const std::string& result_json) override {
    Transaction t(*this);
    const auto& id = outcome.identity;
    int failed = 0;
    for (const auto& v : outcome.results) failed += v.status == evaluate::Status::fail;
    Statement run(*this,
                  "INSERT INTO perfgate_runs (recorded_at, release, commit_sha, branch, run_date, budget, perfgate, exit_code,"
                  " failed, errors, results, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    run.text(1, now_utc()).text(2, id.release).text(3, id.commit).text(4, id.branch).text(5, id.date);
    run.text(6, outcome.budget_path).text(7, id.perfgate).integer(8, outcome.exit_code()).integer(9, failed);
    run.integer(10, static_cast<std::int64_t>(outcome.errors.size())).integer(11, static_cast<std::int64_t>(outcome.results.size()));
    run.text(12, result_json);
    run.done();
    const std::int64_t run_id = sqlite3_last_insert_rowid(m_db);
    Statement row(*this,
                  "INSERT INTO perfgate_results (run_id, source, metric, subject, variant, value, unit, limit_value, op, status)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& v : outcome.results) {
      row.integer(1, run_id).text(2, v.source).text(3, v.metric).text(4, v.subject).text(5, v.variant).real(6, v.value);
      row.text(7, std::string(budget::unit_name(v.unit)));
      if (std::isfinite(v.limit)) row.real(8, v.limit);
      else row.null(8);
      row.text(9, std::string(budget::op_text(v.op))).text(10, std::string(evaluate::status_name(v.status)));
      row.done();
    }
    t.commit();
    return run_id;
  }

  std::vector<RunInfo> runs(std::size_t limit) override {
    Statement q(*this, "SELECT " + std::string(k_run_columns) + " FROM perfgate_runs ORDER BY id DESC LIMIT ?");
    q.integer(1, static_cast<std::int64_t>(limit));
    std::vector<RunInfo> out;
    while (q.step()) out.push_back(run_info(q));
    return out;
  }

  std::vector<Point> series(const std::string& metric, std::size_t limit) override {
    Statement q(*this,
                "SELECT r.run_id, u.release, u.branch, u.recorded_at, r.subject, r.variant, r.value, r.status"
                " FROM perfgate_results r JOIN perfgate_runs u ON u.id = r.run_id WHERE r.metric = ? AND r.run_id IN"
                " (SELECT DISTINCT run_id FROM perfgate_results WHERE metric = ? ORDER BY run_id DESC LIMIT ?)"
                " ORDER BY r.run_id, r.subject, r.variant");
    q.text(1, metric).text(2, metric).integer(3, static_cast<std::int64_t>(limit));
    std::vector<Point> out;
    while (q.step()) {
      out.push_back({q.column_int(0), q.column_text(1), q.column_text(2), q.column_text(3), q.column_text(4), q.column_text(5),
                     sqlite3_column_double(q.get(), 6), q.column_text(7)});
    }
    return out;
  }

  std::optional<std::pair<RunInfo, std::string>> result(const Selector& s) override {
    std::string where;
    switch (s.kind) {
      case Selector::Kind::last: where = "1 = 1"; break;
      case Selector::Kind::last_release: where = "release <> '' AND release <> ?"; break;
      case Selector::Kind::branch: where = "branch = ?"; break;
    }
    Statement q(*this, "SELECT " + std::string(k_run_columns) + ", result FROM perfgate_runs WHERE " + where + " ORDER BY id DESC LIMIT 1");
    if (s.kind == Selector::Kind::last_release) q.text(1, s.current_release);
    if (s.kind == Selector::Kind::branch) q.text(1, s.value);
    if (!q.step()) return std::nullopt;
    return std::make_pair(run_info(q), q.column_text(12));
  }

private:
  static constexpr const char* k_run_columns =
      "id, recorded_at, release, commit_sha, branch, run_date, budget, perfgate, exit_code, failed, errors, results";

  class Statement {
  public:
    Statement(Sqlite& db, const std::string& sql) : m_db(db) {
      if (sqlite3_prepare_v2(db.m_db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) db.fail("cannot prepare a query");
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& text(int i, const std::string& v) {
      sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
      return *this;
    }
    Statement& integer(int i, std::int64_t v) {
      sqlite3_bind_int64(m_stmt, i, v);
      return *this;
    }
    Statement& real(int i, double v) {
      sqlite3_bind_double(m_stmt, i, v);
      return *this;
    }
    Statement& null(int i) {
      sqlite3_bind_null(m_stmt, i);
      return *this;
    }
    // One row: true while there are rows.
    bool step() {
      const int rc = sqlite3_step(m_stmt);
      if (rc == SQLITE_ROW) return true;
      if (rc != SQLITE_DONE) m_db.fail("cannot read or write the history");
      return false;
    }
    // Run an insert, then reset for the next.
    void done() {
      step();
      sqlite3_reset(m_stmt);
      sqlite3_clear_bindings(m_stmt);
    }
    std::string column_text(int i) {
      const auto* p = sqlite3_column_text(m_stmt, i);
      return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, i))) : std::string();
    }
    std::int64_t column_int(int i) { return sqlite3_column_int64(m_stmt, i); }
    sqlite3_stmt* get() { return m_stmt; }

  private:
    Sqlite& m_db;
    sqlite3_stmt* m_stmt = nullptr;
  };

  // BEGIN IMMEDIATE: the write lock now, waited for, so two writers never both read
  // and then fail to upgrade. Rolled back unless committed.
  class Transaction {
  public:
    explicit Transaction(Sqlite& db) : m_db(db) { db.exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
      if (!m_done) sqlite3_exec(m_db.m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
      m_db.exec("COMMIT");
      m_done = true;
    }

  private:
    Sqlite& m_db;
    bool m_done = false;
  };

  static RunInfo run_info(Statement& q) {
    RunInfo r;
    r.id = q.column_int(0);
    r.recorded_at = q.column_text(1);
    r.release = q.column_text(2);
    r.commit = q.column_text(3);
    r.branch = q.column_text(4);
    r.date = q.column_text(5);
    r.budget = q.column_text(6);
    r.perfgate = q.column_text(7);
    r.exit_code = static_cast<int>(q.column_int(8));
    r.failed = static_cast<int>(q.column_int(9));
    r.errors = static_cast<int>(q.column_int(10));
    r.results = static_cast<int>(q.column_int(11));
    return r;
  }

  // A file that exists must already be a SQLite database (its 16-byte header) before
  // SQLite may open it read-write: SQLite would take an empty file as a new database.
  void refuse_foreign_file() {
    std::ifstream in(m_path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    if (in.gcount() == 0) throw util::Error(m_path, "exists and is empty: not a perfgate history; remove it or give another file");
    if (in.gcount() < 16 || std::string_view(header, 16) != std::string_view("SQLite format 3\0", 16)) {
      throw util::Error(m_path, "exists and is not a SQLite database: not a perfgate history, and not written; give another file");
    }
  }

  // The schema version, or -1 when the database has no perfgate_schema table.
  int schema_version() {
    Statement q(*this, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'perfgate_schema'");
    q.step();
    if (q.column_int(0) == 0) return -1;
    Statement v(*this, "SELECT version FROM perfgate_schema");
    if (!v.step()) throw util::Error(m_path, "a perfgate history without its schema version: damaged; give another file");
    return static_cast<int>(v.column_int(0));
  }

  void exec(const std::string& sql) {
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot write the history");
  }

  [[noreturn]] void fail(const std::string& what) { throw util::Error(m_path, what + ": " + sqlite3_errmsg(m_db)); }

  std::string m_path;
  sqlite3* m_db = nullptr;
};

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path) { return std::make_unique<Sqlite>(path); }

}  // namespace history
