#include "cli/app.hpp"

#include "util/error.hpp"

namespace cli {

void register_size(CLI::App& app, Action& chosen) {
  CLI::App* cmd = app.add_subcommand("size", "Print raw, gzip and brotli sizes of files");
  cmd->allow_extras();
  cmd->callback([&chosen] { chosen = [] () -> int { throw util::Error("perfgate size", "not available yet"); }; });
}

}  // namespace cli
