#include "cli/app.hpp"

#include "util/error.hpp"

namespace cli {

void register_images(CLI::App& app, Action& chosen) {
  CLI::App* cmd = app.add_subcommand("images", "Convert images to WebP and AVIF");
  cmd->allow_extras();
  cmd->callback([&chosen] { chosen = [] () -> int { throw util::Error("perfgate images", "not available yet"); }; });
}

}  // namespace cli
