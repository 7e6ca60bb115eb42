// Configs of other tools: lighthouserc (with budgetsFile left out), Lighthouse
// budget.json, .size-limit.json, bundlesize.config.json, package.json.
#include "budget/budget.hpp"
#include "budget/importers.hpp"
#include "targets.hpp"
#include "util/error.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  for (const char* name : {"lighthouserc.json", ".size-limit.json", "bundlesize.config.json", "package.json"}) {
    try {
      // Every rule an importer returns must name a known metric: the evaluator
      // dereferences it (an empty path once gave a null one, and a SIGSEGV).
      if (auto b = budget::import_foreign_budget(std::string("/nonexistent/") + name, json)) {
        for (const auto& rule : b->rules) {
          if (!rule.info) std::abort();
        }
      }
    } catch (const util::Error&) {
    }
  }
  return 0;
}
