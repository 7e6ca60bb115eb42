#include "sources/images.hpp"

namespace sources {

SourceResult read_images(const std::vector<std::string>& dirs, const ImageScanOptions&) {
  SourceResult r;
  r.source = "images";
  for (const auto& d : dirs) r.errors.push_back({"images", "", d, "--images is not supported yet"});
  return r;
}

}  // namespace sources
