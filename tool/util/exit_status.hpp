// Exit codes of perfgate, in one place: scripts and CI depend on them.
#pragma once

namespace util {

enum ExitStatus : int {
  k_exit_ok = 0,        // every budget met
  k_exit_exceeded = 1,  // at least one budget exceeded
  k_exit_error = 2,     // usage or input error, or something could not be measured
};

}  // namespace util
