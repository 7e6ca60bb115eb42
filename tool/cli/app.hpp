// The command line: one subcommand per file in this folder, wired here.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace cli {

// What a chosen subcommand runs; returns the exit status.
using Action = std::function<int()>;

// Register each subcommand on `app`; its callback sets `chosen`.
void register_check(CLI::App& app, Action& chosen);
void register_size(CLI::App& app, Action& chosen);
void register_images(CLI::App& app, Action& chosen);
void register_fetch(CLI::App& app, Action& chosen);
void register_cache(CLI::App& app, Action& chosen);
void register_history(CLI::App& app, Action& chosen);
void register_merge(CLI::App& app, Action& chosen);
void register_init(CLI::App& app, Action& chosen);

// Parse `argv`, run the chosen command, and return the exit status. Every
// error reaches the user here, once, as `perfgate: error: ...` (exit 2).
int run(int argc, char** argv);

}  // namespace cli
