// `perfgate fetch --psi URL`: run PageSpeed Insights (API v5) on a public URL and
// save its Lighthouse report, which `perfgate check --lighthouse FILE` then reads.
// The API key comes from $PERFGATE_PSI_KEY and is never printed.
#include "cli/app.hpp"

#include "cli/output.hpp"
#include "util/strings.hpp"

#include "net/http.hpp"
#include "net/psi.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace cli {

namespace {

struct FetchOptions {
  std::string psi;
  std::string strategy = "mobile";
  std::vector<std::string> categories = {"performance"};
  std::string out;
};

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

int run_fetch(const FetchOptions& o) {
  const char* endpoint = std::getenv("PERFGATE_PSI_ENDPOINT");
  std::string url = std::string(endpoint && *endpoint ? endpoint : "https://www.googleapis.com/pagespeedonline/v5/runPagespeed") +
                    "?url=" + url_encode(o.psi) + "&strategy=" + o.strategy;
  for (const auto& c : o.categories) url += "&category=" + url_encode(c);
  if (const char* key = std::getenv("PERFGATE_PSI_KEY"); key && *key) url += "&key=" + url_encode(key);
  net::HttpOptions http = net::default_http_options();
  // A PSI run takes a while: longer limits unless the environment sets them.
  if (!std::getenv("PERFGATE_HTTP_TIMEOUT_MS")) http.total_timeout_ms = std::max(http.total_timeout_ms, 120'000L);
  if (!std::getenv("PERFGATE_HTTP_DEADLINE")) http.deadline_ms = std::max(http.deadline_ms, 2 * http.total_timeout_ms);
  const std::string body = net::fetch_text(url, http);
  const std::string shown = net::redact_url(url);

  const std::string report = net::psi_lighthouse_report(body, shown);
  util::write_output_file(o.out, report);
  const std::string said = util::defuse_workflow_commands(util::safe_line("saved the Lighthouse report of " + o.psi + " (" +
                                                                          o.strategy + ") to " + o.out)) + "\n";
  return write_stdout(said, "the summary line") ? 0 : 2;
}

}  // namespace

void register_fetch(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<FetchOptions>();
  CLI::App* cmd = app.add_subcommand("fetch", "Run PageSpeed Insights on a URL and save its Lighthouse report");
  cmd->footer(R"(Examples:
  PERFGATE_PSI_KEY=... perfgate fetch --psi https://example.com/ --out psi-mobile.json
  perfgate fetch --psi https://example.com/ --strategy desktop --out psi-desktop.json
  perfgate check --lighthouse 'psi-*.json'

The key is read from $PERFGATE_PSI_KEY and never printed. $PERFGATE_PSI_ENDPOINT
overrides the API address (for a proxy or a test server).)");
  cmd->add_option("--psi", o->psi, "The public page to measure")->required();
  cmd->add_option("--strategy", o->strategy, "mobile or desktop")->check(CLI::IsMember({"mobile", "desktop"}));
  cmd->add_option("--category", o->categories, "Lighthouse categories (default performance)");
  cmd->add_option("--out,-o", o->out, "Where to save the report")->required();
  cmd->callback([o, &chosen] { chosen = [o] { return run_fetch(*o); }; });
}

}  // namespace cli
