#include "evaluate/baseline.hpp"

#include "util/error.hpp"

namespace evaluate {

void apply_baseline(Outcome&, const budget::Budget&, const std::string& path_or_url) {
  throw util::Error(path_or_url, "--baseline is not supported yet");
}

}  // namespace evaluate
