// The history's tables, as SQL both databases take (schema.cpp), and the steps from
// one schema version to the next.
#pragma once

#include <string>
#include <vector>

namespace history::schema {

// Statements that create schema version 1 from nothing; `id_type` is the runs' key
// ("INTEGER PRIMARY KEY AUTOINCREMENT" for SQLite, "BIGSERIAL PRIMARY KEY" for
// PostgreSQL), `real` the floating type.
std::vector<std::string> create(const std::string& id_type, const std::string& real);

// Statements that migrate version `from` to `from + 1` (none yet: version 1 is the first).
std::vector<std::string> migrate(int from);

}  // namespace history::schema
