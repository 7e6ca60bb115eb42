#include "cli/app.hpp"

#include "util/error.hpp"

namespace cli {

void register_fetch(CLI::App& app, Action& chosen) {
  CLI::App* cmd = app.add_subcommand("fetch", "Fetch a Lighthouse report from PageSpeed Insights");
  cmd->allow_extras();
  cmd->callback([&chosen] { chosen = [] () -> int { throw util::Error("perfgate fetch", "not available yet"); }; });
}

}  // namespace cli
