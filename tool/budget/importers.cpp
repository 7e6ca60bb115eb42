#include "budget/importers.hpp"

namespace budget {

std::optional<Budget> import_foreign_budget(const std::string& /*path*/, std::string_view /*json*/) {
  // Importers land with issue #5; until then every file is read as perfgate's own.
  return std::nullopt;
}

}  // namespace budget
