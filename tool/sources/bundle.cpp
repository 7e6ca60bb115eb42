#include "sources/bundle.hpp"

namespace sources {

SourceResult read_bundle(const BundleInputs& inputs) {
  SourceResult r;
  r.source = "bundle";
  for (const auto& s : inputs.stats) r.errors.push_back({"bundle", "", s, "bundle stats are not supported yet"});
  return r;
}

SourceResult read_files(const BundleInputs& inputs) {
  SourceResult r;
  r.source = "files";
  if (inputs.dist) r.errors.push_back({"files", "", *inputs.dist, "--dist is not supported yet"});
  return r;
}

}  // namespace sources
