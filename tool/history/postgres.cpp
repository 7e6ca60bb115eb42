// The history in PostgreSQL (Debian's libpq), for a team: every CI job of every branch
// writes to one database. Creating or migrating the schema holds a transaction-scoped
// advisory lock, so jobs that start together create it once; each run is one
// transaction (a job killed mid-way leaves nothing); values travel as parameters, never
// spliced into SQL.
#include "history/history.hpp"
#include "history/schema.hpp"

#include "budget/threshold.hpp"
#include "util/error.hpp"

#include "history/pq_library.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace history {

PERFGATE_LIBRARY_LOADER(Pq, libpq, PERFGATE_SONAME_PQ, "a PostgreSQL history", PERFGATE_PACKAGE_PQ, PERFGATE_PQ_FUNCTIONS)

namespace {

// perfgate's advisory lock key ("pfg8" as an integer): one schema change at a time.
constexpr const char* k_lock = "SELECT pg_advisory_xact_lock(1885759288)";

class Result {
public:
  explicit Result(PGresult* r) : m_r(r) {}
  ~Result() { libpq().PQclear(m_r); }
  Result(Result&& other) noexcept : m_r(other.m_r) { other.m_r = nullptr; }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  PGresult* get() const { return m_r; }
  int rows() const { return libpq().PQntuples(m_r); }
  std::string text(int row, int col) const { return libpq().PQgetisnull(m_r, row, col) ? std::string() : libpq().PQgetvalue(m_r, row, col); }
  std::int64_t integer(int row, int col) const { return std::strtoll(libpq().PQgetvalue(m_r, row, col), nullptr, 10); }
  double real(int row, int col) const { return std::strtod(libpq().PQgetvalue(m_r, row, col), nullptr); }

private:
  PGresult* m_r;
};

class Postgres final : public Store {
public:
  explicit Postgres(const std::string& url) : m_where(redacted(url)) {
    m_conn = libpq().PQconnectdb(url.c_str());
    if (!m_conn || libpq().PQstatus(m_conn) != CONNECTION_OK) {
      const std::string why = m_conn ? first_line(libpq().PQerrorMessage(m_conn)) : "out of memory";
      libpq().PQfinish(m_conn);
      throw util::Error(m_where, "cannot connect to the history: " + why);
    }
    try {
      prepare();
    } catch (...) {
      libpq().PQfinish(m_conn);
      throw;
    }
  }
  ~Postgres() override { libpq().PQfinish(m_conn); }

  std::int64_t record(const evaluate::Outcome& outcome, const std::string& result_json) override {
    Transaction t(*this);
    const auto& id = outcome.identity;
    int failed = 0;
    for (const auto& v : outcome.results) failed += v.status == evaluate::Status::fail;
    const Result run = query(
        "INSERT INTO perfgate_runs (recorded_at, release, commit_sha, branch, run_date, budget, perfgate, exit_code, failed, errors,"
        " results, result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        {now_utc(), id.release, id.commit, id.branch, id.date, outcome.budget_path, id.perfgate, std::to_string(outcome.exit_code()),
         std::to_string(failed), std::to_string(outcome.errors.size()), std::to_string(outcome.results.size()), result_json});
    const std::int64_t run_id = run.integer(0, 0);
    for (const auto& v : outcome.results) {
      char value[40], limit[40];
      std::snprintf(value, sizeof value, "%.17g", v.value);
      std::snprintf(limit, sizeof limit, "%.17g", v.limit);
      query("INSERT INTO perfgate_results (run_id, source, metric, subject, variant, value, unit, limit_value, op, status)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, 'none')::double precision, $9, $10)",
            {std::to_string(run_id), v.source, v.metric, v.subject, v.variant, value, std::string(budget::unit_name(v.unit)),
             std::isfinite(v.limit) ? std::string(limit) : std::string("none"), std::string(budget::op_text(v.op)),
             std::string(evaluate::status_name(v.status))});
    }
    t.commit();
    return run_id;
  }

  std::vector<RunInfo> runs(std::size_t limit) override {
    const Result r = query("SELECT " + std::string(k_run_columns) + " FROM perfgate_runs ORDER BY id DESC LIMIT $1", {std::to_string(limit)});
    std::vector<RunInfo> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(run_info(r, i));
    return out;
  }

  std::vector<Point> series(const std::string& metric, std::size_t limit) override {
    const Result r = query(
        "SELECT r.run_id, u.release, u.branch, u.recorded_at, r.subject, r.variant, r.value, r.status"
        " FROM perfgate_results r JOIN perfgate_runs u ON u.id = r.run_id WHERE r.metric = $1 AND r.run_id IN"
        " (SELECT DISTINCT run_id FROM perfgate_results WHERE metric = $1 ORDER BY run_id DESC LIMIT $2)"
        " ORDER BY r.run_id, r.subject, r.variant",
        {metric, std::to_string(limit)});
    std::vector<Point> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), r.real(i, 6), r.text(i, 7)});
    }
    return out;
  }

  std::optional<std::pair<RunInfo, std::string>> result(const Selector& s) override {
    std::string where;
    std::vector<std::string> params;
    switch (s.kind) {
      case Selector::Kind::last: where = "TRUE"; break;
      case Selector::Kind::last_release:
        where = "release <> '' AND release <> $1";
        params.push_back(s.current_release);
        break;
      case Selector::Kind::branch:
        where = "branch = $1";
        params.push_back(s.value);
        break;
    }
    const Result r = query("SELECT " + std::string(k_run_columns) + ", result FROM perfgate_runs WHERE " + where + " ORDER BY id DESC LIMIT 1",
                           params);
    if (r.rows() == 0) return std::nullopt;
    return std::make_pair(run_info(r, 0), r.text(0, 12));
  }

private:
  static constexpr const char* k_run_columns =
      "id, recorded_at, release, commit_sha, branch, run_date, budget, perfgate, exit_code, failed, errors, results";

  class Transaction {
  public:
    explicit Transaction(Postgres& db) : m_db(db) { db.query("BEGIN", {}); }
    ~Transaction() {
      if (!m_done) libpq().PQclear(libpq().PQexec(m_db.m_conn, "ROLLBACK"));
    }
    void commit() {
      m_db.query("COMMIT", {});
      m_done = true;
    }

  private:
    Postgres& m_db;
    bool m_done = false;
  };

  void prepare() {
    query("SET client_min_messages TO warning", {});
    Transaction t(*this);
    query(k_lock, {});
    const Result exists = query("SELECT to_regclass('perfgate_schema') IS NOT NULL", {});
    if (exists.text(0, 0) != "t") {
      const Result other = query("SELECT to_regclass('perfgate_runs') IS NOT NULL", {});
      if (other.text(0, 0) == "t") throw util::Error(m_where, "has a perfgate_runs table but no perfgate_schema: not a perfgate history");
      for (const auto& sql : schema::create("BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION")) query(sql, {});
    } else {
      const Result v = query("SELECT version FROM perfgate_schema", {});
      if (v.rows() != 1) throw util::Error(m_where, "a perfgate history without its schema version: damaged");
      const int version = static_cast<int>(v.integer(0, 0));
      if (version > k_schema_version) {
        throw util::Error(m_where, "is a perfgate history of schema " + std::to_string(version) + ", made by a newer perfgate; this one knows " +
                                       std::to_string(k_schema_version) + ": upgrade perfgate");
      }
      for (int from = version; from < k_schema_version; ++from) {
        for (const auto& sql : schema::migrate(from)) query(sql, {});
        query("UPDATE perfgate_schema SET version = " + std::to_string(from + 1), {});
      }
    }
    t.commit();
  }

  Result query(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    Result r(libpq().PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    const ExecStatusType st = libpq().PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      throw util::Error(m_where, "the history: " + first_line(libpq().PQresultErrorMessage(r.get())));
    }
    return r;
  }

  static RunInfo run_info(const Result& r, int i) {
    RunInfo x;
    x.id = r.integer(i, 0);
    x.recorded_at = r.text(i, 1);
    x.release = r.text(i, 2);
    x.commit = r.text(i, 3);
    x.branch = r.text(i, 4);
    x.date = r.text(i, 5);
    x.budget = r.text(i, 6);
    x.perfgate = r.text(i, 7);
    x.exit_code = static_cast<int>(r.integer(i, 8));
    x.failed = static_cast<int>(r.integer(i, 9));
    x.errors = static_cast<int>(r.integer(i, 10));
    x.results = static_cast<int>(r.integer(i, 11));
    return x;
  }

  static std::string first_line(const char* text) {
    std::string s = text ? text : "";
    if (const auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    return s;
  }

  // The URL without its password, for messages.
  static std::string redacted(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
    if (scheme == std::string::npos || at == std::string::npos) return url;
    const auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon) + ":***" + url.substr(at);
  }

  std::string m_where;
  PGconn* m_conn = nullptr;
};

}  // namespace

std::unique_ptr<Store> open_postgres(const std::string& url) { return std::make_unique<Postgres>(url); }

}  // namespace history
