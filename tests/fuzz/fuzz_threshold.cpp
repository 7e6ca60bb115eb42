// Threshold and size strings as budgets and peers' configs write them
// ("< 2.5 s", ">= 90", "<= 170 KiB", "5%"), for every kind of metric. A parse
// that succeeds must give a finite, non-negative value whose unit fits the metric.
#include "budget/threshold.hpp"
#include "targets.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  for (auto q : {budget::Quantity::time, budget::Quantity::size, budget::Quantity::score, budget::Quantity::count,
                 budget::Quantity::unitless, budget::Quantity::any}) {
    if (auto t = budget::parse_threshold(text, q, error)) {
      if (!std::isfinite(t->value) || t->value < 0) std::abort();
      if (q == budget::Quantity::score && (t->value > 1 || (t->value > 0 && t->value < 0.01 - 1e-12))) std::abort();
      if (q != budget::Quantity::any && t->unit != budget::base_unit(q)) std::abort();
    }
    if (auto inc = budget::parse_increase(text, q, error)) {
      if (!(inc->value >= 0)) std::abort();
    }
  }
  (void)budget::parse_size(text, error);
  return 0;
}
