// perfgate budget files (the DOM path), thresholds and globs inside them.
#include "budget/budget.hpp"
#include "targets.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& rule : budget::parse_budget(text, "fuzz.json").rules) {
      if (!rule.info) std::abort();  // the evaluator dereferences it
    }
  } catch (const util::Error&) {
  }
  // The same bytes as a threshold of every kind, and as a glob against itself.
  std::string error;
  for (auto q : {budget::Quantity::time, budget::Quantity::size, budget::Quantity::score, budget::Quantity::count,
                 budget::Quantity::any}) {
    (void)budget::parse_threshold(text, q, error);
    (void)budget::parse_increase(text, q, error);
  }
  if (size < 256) (void)util::glob_match(text, text + "/x/y.js");
  return 0;
}
