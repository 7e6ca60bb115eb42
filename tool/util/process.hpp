// Running a helper program (Node, to evaluate a JavaScript config) with its
// arguments passed as they are (no shell), its output captured up to a limit,
// and a time limit after which it is killed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace util {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;     // standard output
  std::string err;     // standard error (first 64 KiB)
};

// Return whether `program` is found on the PATH (or is a path to an executable).
bool on_path(const std::string& program);

// Run `argv` (argv[0] looked up on the PATH) in a process group of its own, feeding it
// no input; it is done when it exits. Whatever it left running — its group, and any
// child that left the group (setsid) — is killed then, and everything at the deadline.
// Throws
// util::Error naming `what` when it cannot start, runs past `timeout`, or writes
// more than `max_out` bytes.
ProcessResult run_capture(const std::vector<std::string>& argv, const std::string& what,
                          std::chrono::milliseconds timeout, std::size_t max_out);

}  // namespace util
