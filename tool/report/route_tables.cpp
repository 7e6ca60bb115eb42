#include "report/route_tables.hpp"

#include <algorithm>
#include <tuple>

namespace report {

std::vector<RouteRow> route_rows(const evaluate::Outcome& outcome) {
  std::vector<RouteRow> rows;
  for (const auto& v : outcome.results) {
    if (v.source != "routes" || v.metric.rfind("route:", 0) != 0) continue;
    RouteRow row;
    row.verdict = &v;
    for (const auto& d : v.details) {
      if (d.note == "shared") {
        row.shared += d.value;
        ++row.files;
      } else if (d.note.empty()) {
        row.own += d.value;
        ++row.files;
      }
    }
    rows.push_back(row);
  }
  auto growth = [](const RouteRow& r) {
    const auto& v = *r.verdict;
    return v.baseline ? v.value - *v.baseline : 0.0;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const RouteRow& a, const RouteRow& b) {
    const double ga = growth(a), gb = growth(b);
    if ((ga > 0) != (gb > 0)) return ga > 0;
    if (ga > 0 && ga != gb) return ga > gb;
    return std::tie(b.verdict->value, a.verdict->subject) < std::tie(a.verdict->value, b.verdict->subject);
  });
  return rows;
}

}  // namespace report
