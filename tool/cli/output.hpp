// Where each requested format goes: `--format json` to standard output,
// `--format junit=perf.xml` to a file (written atomically).
#pragma once

#include "evaluate/outcome.hpp"
#include "report/render.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cli {

struct OutputSpec {
  report::Format format;
  std::optional<std::string> path;  // nullopt: standard output
  bool color = false;
  bool errors_elsewhere = false;  // see report::RenderOptions
};

// Parse --format values; at most one may go to standard output. With none for
// standard output, text goes there. `color` is auto/always/never.
std::vector<OutputSpec> parse_outputs(const std::vector<std::string>& specs, const std::string& color);

// A file or folder this run reads: no output may resolve to it (or, for a folder,
// into it).
struct InputPath {
  std::string option;  // "--lighthouse", "--budget"
  std::string path;
};

// Before anything is written: refuse (util::Error, exit 2) an output whose path
// resolves — links followed, same device and inode — to an input, or into an input
// folder, and two outputs on one path (the GitHub step summary included).
void refuse_clashing_outputs(const std::vector<OutputSpec>& outputs, const std::vector<InputPath>& inputs);

// Write `text` to standard output and flush; on failure (a full disk, a closed
// pipe) print one error line naming `what` and return false.
bool write_stdout(std::string_view text, std::string_view what);

// Render and write every output. Each is attempted whatever happened to the
// others; a failure is one line on standard error. Return false if any failed.
bool write_outputs(const std::vector<OutputSpec>& outputs, const evaluate::Outcome& outcome);

}  // namespace cli
