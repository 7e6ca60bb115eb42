// Which release a check covers (evaluate::Identity): the release name, git's commit and
// branch, the date, what measured, the budget files and their SHA-256, perfgate's
// version. For the sign-off a release manager signs and the history's records.
#pragma once

#include "evaluate/outcome.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cli {

struct IdentityOptions {
  std::optional<std::string> release;  // --release
  std::optional<std::string> date;     // --date (YYYY-MM-DD, or an ISO 8601 time)
  std::vector<std::string> budget_files;
};

// The identity of this check. The date is --date, else SOURCE_DATE_EPOCH, else now (the
// only thing that differs between two runs on the same inputs; date_from says which).
// Throws util::Error for a --date that is not a date, or a SOURCE_DATE_EPOCH that is not
// a number of seconds.
evaluate::Identity gather_identity(const IdentityOptions& options, const std::vector<sources::SourceResult>& measured);

// The SHA-256 of `path`'s bytes as 64 hex digits (OpenSSL's libcrypto).
std::string sha256_file(const std::string& path);

}  // namespace cli
