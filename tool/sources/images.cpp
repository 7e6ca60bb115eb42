#include "sources/images.hpp"

#include "imaging/image.hpp"
#include "util/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace sources {

namespace {

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool image_extension(const fs::path& p) {
  const std::string ext = lower_extension(p);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".gif" || ext == ".webp" || ext == ".avif" ||
         ext == ".svg";
}

imaging::Format sniff(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  return imaging::sniff_format(std::string_view(head, static_cast<std::size_t>(in.gcount())));
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void largest_first(std::vector<Detail>& details) {
  std::sort(details.begin(), details.end(), [](const Detail& a, const Detail& b) {
    return a.value != b.value ? a.value > b.value : a.name < b.name;
  });
}

}  // namespace

SourceResult read_images(const std::vector<std::string>& dirs, const ImageScanOptions& options) {
  SourceResult result;
  result.source = "images";
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      result.errors.push_back({"images", dir, dir, fs::exists(dir, ec) ? "is not a folder" : "no such folder"});
      continue;
    }
    struct Found {
      fs::path path;
      std::string format;
      std::uint64_t bytes;
    };
    std::vector<Found> found;
    const util::WalkResult walk = util::walk_files(dir);
    for (const auto& file : walk.files) {
      const fs::path path(file);
      if (!image_extension(path)) continue;
      std::error_code sec;
      const std::uint64_t bytes = fs::file_size(path, sec);
      if (lower_extension(path) == ".svg") {
        // Vector images: counted in the size budgets, never legacy (nothing to convert).
        found.push_back({path, "svg", bytes});
        continue;
      }
      const imaging::Format format = sniff(path);  // by content, not by name
      if (format == imaging::Format::unknown) {
        result.errors.push_back({"images", dir, file,
                                 bytes == 0 ? "empty image file" : "not an image (unrecognised content)"});
        continue;
      }
      found.push_back({path, std::string(imaging::format_name(format)), bytes});
    }
    if (!walk.error.empty()) result.errors.push_back({"images", dir, dir, "cannot scan the folder: " + walk.error});
    for (const auto& broken : walk.broken) {
      if (image_extension(broken)) result.errors.push_back({"images", dir, broken, "a symbolic link to nothing"});
    }
    if (found.empty() && walk.error.empty() &&
        std::none_of(result.errors.begin(), result.errors.end(), [&](const Problem& p) { return p.subject == dir; })) {
      // Nothing measurable is an error, never "0 legacy images".
      result.errors.push_back({"images", dir, dir, "the folder holds no image (.png, .jpg, .gif, .webp, .avif, .svg)"});
      continue;
    }
    Measurement legacy{"images:legacy-format", dir, "", 0, 0.0, budget::Unit::count, {}, dir, {}};
    Measurement largest{"images:max-size", dir, "", 0, 0.0, budget::Unit::bytes, {}, dir, {}};
    Measurement total{"images:total-size", dir, "", 0, 0.0, budget::Unit::bytes, {}, dir, {}};
    for (const auto& f : found) {
      const std::string rel = f.path.lexically_relative(dir).generic_string();
      *total.value += static_cast<double>(f.bytes);
      largest.details.push_back({rel, static_cast<double>(f.bytes), f.format});
      if (!contains(options.legacy_formats, f.format) || f.bytes < options.min_bytes) continue;
      bool sibling = false;
      for (const auto& modern : options.modern_formats) {
        fs::path s = f.path;
        s.replace_extension("." + modern);
        sibling = sibling || fs::exists(s, ec);
      }
      if (!sibling) legacy.details.push_back({rel, static_cast<double>(f.bytes), f.format + " with no WebP/AVIF sibling"});
    }
    largest_first(legacy.details);
    largest_first(largest.details);
    legacy.value = static_cast<double>(legacy.details.size());
    largest.value = largest.details.empty() ? 0.0 : largest.details.front().value;
    if (largest.details.size() > 5) largest.details.resize(5);
    result.subjects.push_back({dir, {}, {}, false, {dir}, {}, {}});
    result.measurements.push_back(std::move(legacy));
    result.measurements.push_back(std::move(largest));
    result.measurements.push_back(std::move(total));
  }
  return result;
}

}  // namespace sources
