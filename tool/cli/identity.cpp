// The sign-off must say what it signs: a release nobody can identify cannot be signed.
// Everything here is read, never guessed: the repository's files are read (and no
// repository is no error),
// package.json's version is taken as written, the environment comes from the inputs.
#include "cli/identity.hpp"

#include "util/error.hpp"
#include "util/json.hpp"

#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace cli {

namespace {

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// The commit and branch of the repository the current directory is in, read from its
// files (.git/HEAD, the ref, packed-refs) rather than by running git: a check must not
// wait on a process per run, and a machine without git has the same answer.
void git_head(std::string& commit, std::string& branch) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return;
  fs::path git;
  for (;; dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) {
      git = dir / ".git";
      break;
    }
    if (dir == dir.parent_path()) return;
  }
  if (fs::is_regular_file(git, ec)) {
    // A worktree or submodule: "gitdir: <path>".
    const std::string line = first_line(git);
    if (line.rfind("gitdir: ", 0) != 0) return;
    fs::path to = line.substr(8);
    git = to.is_absolute() ? to : git.parent_path() / to;
  }
  fs::path common = git;
  if (const std::string c = first_line(git / "commondir"); !c.empty()) common = fs::path(c).is_absolute() ? fs::path(c) : git / c;
  const std::string head = first_line(git / "HEAD");
  auto is_hex = [](const std::string& s) {
    return s.size() >= 40 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  if (head.rfind("ref: ", 0) != 0) {
    if (is_hex(head)) commit = head;  // detached
    return;
  }
  const std::string ref = head.substr(5);
  std::string sha = first_line(git / ref);
  if (!is_hex(sha)) sha = first_line(common / ref);
  if (!is_hex(sha)) {
    std::ifstream packed(common / "packed-refs");
    for (std::string line; std::getline(packed, line);) {
      const auto space = line.find(' ');
      if (space != std::string::npos && line.compare(space + 1, std::string::npos, ref) == 0) {
        sha = line.substr(0, space);
        break;
      }
    }
  }
  if (!is_hex(sha)) return;  // a branch with no commit yet
  commit = sha;
  if (ref.rfind("refs/heads/", 0) == 0) branch = ref.substr(11);
}

std::string utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// --date: "2026-12-07", or a time "2026-12-07T10:00:00Z" / "...+01:00"; kept as given.
std::string checked_date(const std::string& text) {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (text.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
  };
  const bool day = digits(0, 4) && text.size() >= 10 && text[4] == '-' && digits(5, 2) && text[7] == '-' && digits(8, 2);
  if (!day || (text.size() > 10 && text[10] != 'T' && text[10] != ' ')) {
    throw util::Error("--date", "\"" + text + "\" is not a date (YYYY-MM-DD, or an ISO 8601 time such as 2026-12-07T10:00:00Z)");
  }
  return text;
}

}  // namespace

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw util::Error(path, "cannot be read to hash it");
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    throw util::Error(path, "SHA-256 is not available (OpenSSL)");
  }
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    EVP_DigestUpdate(ctx, buf, static_cast<std::size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, digest, &n);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  char two[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(two, sizeof two, "%02x", digest[i]);
    hex += two;
  }
  return hex;
}

evaluate::Identity gather_identity(const IdentityOptions& options, const std::vector<sources::SourceResult>& measured) {
  evaluate::Identity id;
  id.perfgate = PERFGATE_VERSION;
  if (options.release) {
    id.release = *options.release;
    id.release_from = "--release";
  } else {
    std::error_code ec;
    if (std::filesystem::is_regular_file("package.json", ec)) {
      try {
        const util::json::JsonText text = util::json::read_file("package.json");
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        std::string_view version;
        if (!parser.parse(text.data(), text.size(), false).get(root) && !root["version"].get_string().get(version)) {
          id.release = std::string(version);
          id.release_from = "package.json";
        }
      } catch (const util::Error&) {
        // A package.json that cannot be read names no release; the check goes on.
      }
    }
  }
  git_head(id.commit, id.branch);
  if (id.branch.empty()) {
    // CI checks out a commit, not a branch; its variables name the branch.
    for (const char* var : {"GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME"}) {
      const char* v = std::getenv(var);
      if (v && *v && !id.commit.empty()) {
        id.branch = v;
        break;
      }
    }
  }
  if (options.date) {
    id.date = checked_date(*options.date);
    id.date_from = "--date";
  } else if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (*end != '\0' || seconds < 0) throw util::Error("SOURCE_DATE_EPOCH", "\"" + std::string(epoch) + "\" is not a number of seconds");
    id.date = utc(static_cast<std::time_t>(seconds));
    id.date_from = "SOURCE_DATE_EPOCH";
  } else {
    id.date = utc(std::time(nullptr));
  }
  for (const auto& m : measured) {
    for (const auto& e : m.environment) {
      if (std::find(id.environment.begin(), id.environment.end(), e) == id.environment.end()) id.environment.push_back(e);
    }
    if (m.source == "routes" || m.source == "bundle") {
      for (const auto& s : m.subjects) {
        const std::pair<std::string, std::string> e{m.source == "routes" ? "framework" : "bundler", s.tool};
        if (!s.tool.empty() && std::find(id.environment.begin(), id.environment.end(), e) == id.environment.end()) {
          id.environment.push_back(e);
        }
      }
    }
  }
  for (const auto& f : options.budget_files) {
    if (std::none_of(id.budgets.begin(), id.budgets.end(), [&](const auto& b) { return b.first == f; })) id.budgets.emplace_back(f, sha256_file(f));
  }
  return id;
}

}  // namespace cli
