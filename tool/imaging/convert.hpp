// The conversion pipeline: scan → decode → encode → write atomically → report.
// Sources are only ever read. Outputs go beside the source (name.webp,
// name.avif) or mirrored under an output folder they can never leave.
#pragma once

#include "imaging/encode.hpp"
#include "imaging/image.hpp"
#include "util/cache.hpp"

#include <optional>
#include <string>
#include <vector>

namespace imaging {

struct ConvertOptions {
  std::vector<Format> targets = {Format::webp, Format::avif};
  std::optional<std::string> out_dir;
  unsigned jobs = 1;
  EncodeSettings settings;
  std::string cache_dir;  // "" = no cache
  // Where the record of written outputs is kept (see `force`): the cache folder, kept
  // even with --no-cache (that option only recomputes); "" = no record.
  std::string record_dir;
  bool progress = false;  // a progress bar on stderr
  // Replace an existing output that perfgate has no record of writing (a hand-made
  // logo.webp, or one written on another machine). Without it such a file is kept and
  // the output refused, naming it.
  bool force = false;
  // The quality guard (--min-psnr): an output whose PSNR against the decoded source is
  // under this floor is not kept; 0 turns the guard off.
  double min_psnr = k_default_min_psnr;
};

struct Output {
  Format format = Format::unknown;
  std::string path;
  std::uint64_t bytes = 0;
  bool kept = false;   // written (smaller than the source)
  bool cached = false; // already up to date: nothing done
  std::string note;    // why not kept, or what went wrong for this format
  bool too_lossy = false; // not kept: under the quality floor
  double psnr = 0;        // when too_lossy: its PSNR against the source, dB
};

struct Conversion {
  std::string source;
  std::uint64_t source_bytes = 0;
  std::uint32_t width = 0, height = 0;
  std::vector<Output> outputs;
  std::string error;    // the whole image failed (decode); outputs empty
  bool skipped = false; // not convertible by design (GIF, animation, already modern)
};

// Return the images to convert under `paths` (files as given; folders searched
// for .png/.jpg/.jpeg), each with the folder it was found from. Sorted.
std::vector<std::pair<std::string, std::string>> find_images(const std::vector<std::string>& paths);

// Convert every image; results in the order of `images`. Stops early (with the
// images not started left out) after SIGINT or SIGTERM.
std::vector<Conversion> convert_images(const std::vector<std::pair<std::string, std::string>>& images,
                                       const ConvertOptions& options);

// Return whether a SIGINT/SIGTERM asked the conversion to stop.
bool interrupted();

}  // namespace imaging
