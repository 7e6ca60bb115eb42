#include "budget/importers.hpp"

namespace budget {

std::optional<Budget> import_foreign_budget(const std::string& path, std::string_view json) {
  // By file name first (size-limit, bundlesize, package.json), then by content.
  if (auto b = import_angular(path, json)) return b;
  if (auto b = import_bundle_tools(path, json)) return b;
  return import_lighthouserc(path, json);
}

}  // namespace budget
