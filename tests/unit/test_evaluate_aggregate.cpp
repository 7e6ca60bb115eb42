// Expected values are Lighthouse CI's own, from tests/fixtures/lighthouse/oracle
// (assertion-results-with-passed.json, field "actual").
#include "evaluate/aggregate.hpp"

#include <doctest/doctest.h>

#include <cmath>

using budget::Aggregate;
using evaluate::aggregate;
using evaluate::RunValues;

namespace {
RunValues runs(std::vector<std::optional<double>> v) {
  RunValues r;
  r.values = v;
  for (std::size_t i = 0; i < v.size(); ++i) r.runs.push_back(static_cast<int>(i));
  return r;
}
}  // namespace

TEST_CASE("evaluate::aggregate follows lhci") {
  SUBCASE("median of an odd count (lean-mobile-median, FCP)") {
    auto a = aggregate(runs({665.90735, 651.768, 652.79195}), Aggregate::median, true, -1, false);
    CHECK(*a.value == 652.79195);
  }
  SUBCASE("median of an even count averages the middle two") {
    auto a = aggregate(runs({4, 1, 3, 2}), Aggregate::median, true, -1, false);
    CHECK(*a.value == 2.5);
  }
  SUBCASE("optimistic: min for a max budget, max for a min budget (heavy-desktop-optimistic)") {
    CHECK(*aggregate(runs({3004.5071, 3151.0874, 2790.2357}), Aggregate::optimistic, true, -1, false).value ==
          2790.2357);
    CHECK(*aggregate(runs({0.38, 0.34, 0.44}), Aggregate::optimistic, false, -1, true).value == 0.44);
  }
  SUBCASE("pessimistic: the reverse (images-mobile-pessimistic)") {
    CHECK(*aggregate(runs({35, 24, 331}), Aggregate::pessimistic, true, -1, false).value == 331);
    CHECK(*aggregate(runs({0.75, 0.75, 0.66}), Aggregate::pessimistic, false, -1, true).value == 0.66);
  }
  SUBCASE("median-run uses the representative run; categories take the highest of all runs") {
    CHECK(*aggregate(runs({106, 7, 90}), Aggregate::median_run, true, 0, false).value == 106);
    CHECK(*aggregate(runs({0.99, 1, 1}), Aggregate::median_run, false, 0, true).value == 1);
  }
  SUBCASE("missing values: dropped, except under pessimistic") {
    auto a = aggregate(runs({std::nullopt, 3, 5}), Aggregate::median, true, -1, false);
    CHECK(*a.value == 4);
    auto p = aggregate(runs({std::nullopt, 3, 5}), Aggregate::pessimistic, true, -1, false);
    CHECK_FALSE(p.value);
    CHECK(p.problem.find("pessimistic") != std::string::npos);
    auto none = aggregate(runs({std::nullopt, NAN}), Aggregate::optimistic, true, -1, false);
    CHECK_FALSE(none.value);
  }
}

TEST_CASE("evaluate::representative_run") {
  // lean-mobile: FCP 665.9/651.8/652.8, TTI from the same runs; lhci picked run 0.
  SUBCASE("closest to the upper medians of FCP and interactive") {
    CHECK(evaluate::representative_run({100, 200, 300}, {1000, 2000, 3000}) == 1);
    CHECK(evaluate::representative_run({100, 300}, {1000, 3000}) == 1);  // upper median of two
  }
  SUBCASE("ties go to the earlier run; missing counts as 0") {
    CHECK(evaluate::representative_run({5, 5, 5}, {1, 1, 1}) == 0);
    CHECK(evaluate::representative_run({std::nullopt, 10, 10}, {std::nullopt, 10, 10}) == 1);
  }
}
