// Budgets written for other tools, read as they are: Lighthouse CI's
// lighthouserc, Lighthouse's budget.json, size-limit and bundlesize configs.
// Each importer keeps its tool's own meaning (units, defaults, operators).
#pragma once

#include "budget/budget.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace budget {

// Recognise a foreign config by its file name or content and translate it;
// return nullopt for a perfgate budget file. Throws util::Error on options that
// perfgate cannot honour, naming them.
std::optional<Budget> import_foreign_budget(const std::string& path, std::string_view json);

// The readers, one per tool (import_lighthouserc.cpp, import_bundle_tools.cpp). Each
// returns nullopt when `json` is not its tool's config.
std::optional<Budget> import_lighthouserc(const std::string& path, std::string_view json);
std::optional<Budget> import_bundle_tools(const std::string& path, std::string_view json);
std::optional<Budget> import_angular(const std::string& path, std::string_view json);

// A lighthouserc as lhci 0.15.1 resolves it (lighthouserc.cpp): `extends` chains,
// presets, sections and option aliases applied; returns {"ci": {"assert": ...}}.
std::string resolve_lighthouserc(const std::string& path, std::string_view json);

// A config file in any form a tool reads — JSON, YAML (.yml/.yaml) or JavaScript
// (.js/.cjs/.mjs, evaluated by Node) — as JSON text (budget.cpp).
std::string read_config_json(const std::string& path);

// The lighthouserc file names lhci looks for in the working directory, in its order.
extern const char* const k_lighthouserc_names[10];

}  // namespace budget
