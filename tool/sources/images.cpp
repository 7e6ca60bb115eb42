#include "sources/images.hpp"

#include "imaging/image.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace sources {

namespace {

bool image_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".gif" || ext == ".webp" || ext == ".avif";
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
    // Symlinked folders are not followed: a link loop cannot trap the scan.
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code sec;
      if (!it->is_regular_file(sec) || it->is_symlink(sec) || !image_extension(it->path())) continue;
      const imaging::Format format = sniff(it->path());  // by content, not by name
      const std::uint64_t bytes = it->file_size(sec);
      if (format == imaging::Format::unknown) {
        result.errors.push_back({"images", dir, it->path().string(),
                                 bytes == 0 ? "empty image file" : "not an image (unrecognised content)"});
        continue;
      }
      found.push_back({it->path(), std::string(imaging::format_name(format)), bytes});
    }
    if (ec) result.errors.push_back({"images", dir, dir, "cannot scan the folder: " + ec.message()});
    Measurement legacy{"images:legacy-format", dir, "", 0, 0.0, budget::Unit::count, {}, dir, {}};
    Measurement largest{"images:max-size", dir, "", 0, 0.0, budget::Unit::bytes, {}, dir, {}};
    Measurement total{"images:total-size", dir, "", 0, 0.0, budget::Unit::bytes, {}, dir, {}};
    for (const auto& f : found) {
      const std::string rel = fs::relative(f.path, dir).generic_string();
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
    result.subjects.push_back({dir, {}, {}, false, {dir}});
    result.measurements.push_back(std::move(legacy));
    result.measurements.push_back(std::move(largest));
    result.measurements.push_back(std::move(total));
  }
  return result;
}

}  // namespace sources
