#include "evaluate/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace evaluate {

int representative_run(const std::vector<std::optional<double>>& fcp,
                       const std::vector<std::optional<double>>& interactive) {
  const std::size_t n = fcp.size();
  if (n == 0) return -1;
  auto at = [](const std::vector<std::optional<double>>& v, std::size_t i) {
    return i < v.size() && v[i] && std::isfinite(*v[i]) ? *v[i] : 0.0;
  };
  auto upper_median = [&](const std::vector<std::optional<double>>& v) {
    std::vector<double> sorted;
    for (std::size_t i = 0; i < n; ++i) sorted.push_back(at(v, i));
    std::stable_sort(sorted.begin(), sorted.end());
    return sorted[n / 2];
  };
  const double median_fcp = upper_median(fcp);
  const double median_tti = upper_median(interactive);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  auto distance = [&](std::size_t i) {
    const double a = median_fcp - at(fcp, i);
    const double b = median_tti - at(interactive, i);
    return a * a + b * b;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return distance(x) < distance(y); });
  return static_cast<int>(order.front());
}

Aggregated aggregate(const RunValues& input, budget::Aggregate method, bool max_op,
                     int representative, bool all_runs_highest) {
  using budget::Aggregate;
  std::vector<std::optional<double>> values;
  if (method == Aggregate::median_run && !all_runs_highest) {
    for (std::size_t i = 0; i < input.values.size(); ++i) {
      if (input.runs[i] == representative) values.push_back(input.values[i]);
    }
    if (values.empty()) values.push_back(std::nullopt);
  } else {
    values = input.values;
  }
  Aggregated out;
  for (const auto& v : values) {
    if (v && std::isfinite(*v)) out.values.push_back(*v);
  }
  const std::size_t missing = values.size() - out.values.size();
  if (method == Aggregate::pessimistic && missing > 0) {
    out.problem = std::to_string(missing) + " of " + std::to_string(values.size()) +
                  " runs have no value, and pessimistic aggregation needs every run";
    return out;
  }
  if (out.values.empty()) {
    out.problem = values.size() == 1 ? "the run has no value" : "no run has a value";
    return out;
  }
  if (method == Aggregate::median) {
    std::vector<double> sorted = out.values;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    const std::size_t mid = (n - 1) / 2;
    out.value = n % 2 == 1 ? sorted[mid] : (sorted[mid] + sorted[mid + 1]) / 2;
    return out;
  }
  const bool use_min = (method == Aggregate::optimistic && max_op) ||
                       (method == Aggregate::pessimistic && !max_op);
  out.value = use_min ? *std::min_element(out.values.begin(), out.values.end())
                      : *std::max_element(out.values.begin(), out.values.end());
  return out;
}

}  // namespace evaluate
