// Image folders: every PNG/JPEG/GIF/WebP/AVIF under a directory, sized, with
// whether a legacy image has a modern sibling (name.webp / name.avif).
#pragma once

#include "sources/measurement.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sources {

struct ImageScanOptions {
  std::vector<std::string> legacy_formats = {"png", "jpeg", "gif"};
  std::vector<std::string> modern_formats = {"webp", "avif"};
  std::uint64_t min_bytes = 0;  // smaller legacy images are not flagged
};

// Scan `dirs` (source "images").
SourceResult read_images(const std::vector<std::string>& dirs, const ImageScanOptions& options);

}  // namespace sources
