// What both stores share: which database a destination names, the baseline selectors,
// and the clock the records are stamped with.
#include "history/history.hpp"

#include "util/error.hpp"

#include <ctime>

namespace history {

std::unique_ptr<Store> open_sqlite(const std::string& path);
std::unique_ptr<Store> open_postgres(const std::string& url);

bool is_postgres(const std::string& dest) {
  return dest.rfind("postgresql://", 0) == 0 || dest.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> open(const std::string& dest) {
  if (dest.empty()) throw util::Error("--history", "empty: give a file (SQLite) or a postgresql:// URL");
  return is_postgres(dest) ? open_postgres(dest) : open_sqlite(dest);
}

std::optional<Selector> parse_selector(const std::string& baseline, const std::string& current_release) {
  if (baseline.rfind("history:", 0) != 0) return std::nullopt;
  const std::string rest = baseline.substr(8);
  Selector s;
  if (rest == "last") {
    s.kind = Selector::Kind::last;
  } else if (rest == "last-release") {
    s.kind = Selector::Kind::last_release;
    s.current_release = current_release;
  } else if (rest.rfind("branch:", 0) == 0 && rest.size() > 7) {
    s.kind = Selector::Kind::branch;
    s.value = rest.substr(7);
  } else {
    throw util::Error("--baseline " + baseline, "not a history baseline: give history:last-release, history:branch:NAME or history:last");
  }
  return s;
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace history
