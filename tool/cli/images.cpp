// `perfgate images convert PATH...`: PNG/JPEG to WebP and AVIF, in parallel,
// cached, never touching a source; a per-image and total report of the savings.
#include "cli/app.hpp"

#include "cli/output.hpp"

#include "budget/units.hpp"
#include "imaging/convert.hpp"
#include "util/error.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"
#include "util/thread_pool.hpp"

#include <cstdio>
#include <map>
#include <iostream>
#include <memory>
#include <sstream>

namespace cli {

namespace {

struct ConvertCli {
  std::vector<std::string> paths;
  std::string to = "webp,avif";
  std::optional<std::string> out;
  unsigned jobs = 0;
  int webp_quality = 80;
  int avif_quality = 50;
  double min_psnr = imaging::k_default_min_psnr;
  std::string format = "text";
  bool no_cache = false;
  bool force = false;
  std::string cache_dir;
};

std::string saving(std::uint64_t source, std::uint64_t output) {
  if (source == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", 100.0 * (static_cast<double>(output) - static_cast<double>(source)) /
                                                 static_cast<double>(source));
  return buf;
}

int run_convert(const ConvertCli& o) {
  imaging::ConvertOptions options;
  options.targets.clear();
  std::stringstream to(o.to);
  for (std::string t; std::getline(to, t, ',');) {
    if (t == "webp") options.targets.push_back(imaging::Format::webp);
    else if (t == "avif") options.targets.push_back(imaging::Format::avif);
    else throw util::Error("--to", "\"" + t + "\" is not webp or avif");
  }
  options.out_dir = o.out;
  options.force = o.force;
  options.jobs = o.jobs ? o.jobs : util::default_jobs();
  options.settings.webp_quality = o.webp_quality;
  options.settings.avif_quality = o.avif_quality;
  options.min_psnr = o.min_psnr;
  options.record_dir = o.cache_dir.empty() ? util::Cache::default_dir() : o.cache_dir;
  options.cache_dir = o.no_cache ? "" : options.record_dir;
  options.progress = util::is_terminal(stderr) && o.format == "text";
  const auto images = imaging::find_images(o.paths);
  if (images.empty()) throw util::Error(util::join(o.paths, " "), "no PNG or JPEG image found");
  const auto results = imaging::convert_images(images, options);

  int status = 0;
  std::uint64_t total_source = 0;
  std::map<imaging::Format, std::uint64_t> total_out;
  for (const auto& c : results) {
    if (!c.error.empty()) {
      std::cerr << "perfgate: error: " << util::safe_line(c.source + ": " + c.error) << "\n";
      status = 2;
      continue;
    }
    for (const auto& out : c.outputs) {
      if (!out.kept && !out.note.empty() && out.note.find("not kept") == std::string::npos) {
        std::cerr << "perfgate: error: " << util::safe_line(c.source + ": " + out.note) << "\n";
        status = 2;
      }
    }
  }
  std::string text;
  if (o.format == "json") {
    util::JsonWriter w(text);
    w.begin_object();
    w.key("images");
    w.begin_array();
    for (const auto& c : results) {
      w.begin_object();
      w.field("source", c.source);
      w.field("bytes", c.source_bytes);
      if (!c.error.empty()) w.field(c.skipped ? "skipped" : "error", c.error);
      for (const auto& out : c.outputs) {
        w.key(imaging::format_name(out.format));
        w.begin_object();
        w.field("path", out.path);
        w.field("bytes", out.bytes);
        w.field("kept", out.kept);
        if (!out.note.empty()) w.field("note", out.note);
        w.end_object();
      }
      w.end_object();
    }
    w.end_array();
    w.end_object();
  } else {
    for (const auto& c : results) {
      if (!c.error.empty()) continue;
      total_source += c.source_bytes;
      text += util::printable(c.source) + "  " + budget::human_bytes(static_cast<double>(c.source_bytes));
      for (const auto& out : c.outputs) {
        text += "  " + std::string(imaging::format_name(out.format)) + " ";
        if (out.kept) {
          total_out[out.format] += out.bytes;
          text += budget::human_bytes(static_cast<double>(out.bytes)) + " (" + saving(c.source_bytes, out.bytes) + ")";
          if (out.cached) text += " up to date";
        } else {
          total_out[out.format] += c.source_bytes;
          char lossy[80];
          std::snprintf(lossy, sizeof lossy, "too lossy (%.1f dB < %g), not kept", out.psnr, o.min_psnr);
          text += out.too_lossy ? lossy
                  : out.note.find("not kept") != std::string::npos ? "not smaller, not kept" : "failed";
          // What happened to the output of an earlier version of the source, said here
          // too: a hook stages the removal, a person sees why the file is gone.
          if (out.note.find("was removed") != std::string::npos) text += "; removed the old " + util::printable(out.path);
          else if (out.note.find("left in place") != std::string::npos) text += "; " + util::printable(out.path) + " left in place (not perfgate's)";
        }
      }
      text += "\n";
    }
    text += "total " + budget::human_bytes(static_cast<double>(total_source));
    for (const auto& [format, bytes] : total_out) {
      text += "  " + std::string(imaging::format_name(format)) + " " + budget::human_bytes(static_cast<double>(bytes)) +
              " (" + saving(total_source, bytes) + ")";
    }
    text += "  — " + std::to_string(results.size()) + " images\n";
  }
  if (!write_stdout(o.format == "json" ? text : util::defuse_workflow_commands(text), "the conversion report")) status = 2;
  if (imaging::interrupted()) {
    std::cerr << "perfgate: interrupted; finished images are complete, nothing partial was left\n";
    return 130;
  }
  return status;
}

}  // namespace

void register_images(CLI::App& app, Action& chosen) {
  CLI::App* images = app.add_subcommand("images", "Convert images to WebP and AVIF");
  images->require_subcommand(1);
  auto o = std::make_shared<ConvertCli>();
  CLI::App* cmd = images->add_subcommand("convert", "Write name.webp and name.avif beside each PNG/JPEG (or under --out)");
  cmd->footer(R"(Examples:
  perfgate images convert public/img
  perfgate images convert hero.jpg --to avif
  perfgate images convert src/assets --out dist/img --jobs 2

Sources are never modified; each output is written atomically and kept only when it
is smaller than its source and looks like it (PSNR against the source at least
--min-psnr dB). Pixels are written as a browser shows the source: EXIF orientation
applied (JPEG and PNG eXIf), PNG gamma/chromaticities/cICP and grey or CMYK profiles
converted to sRGB; an RGB profile other than sRGB (Display P3...) is kept, the sRGB
profile dropped. WebP: lossy quality 80, method 4, sharp YUV (lossless too for PNG, the smaller
wins). AVIF: aom, quality 50 (cq-level 32), speed 6. Results are cached by content and
settings: an unchanged folder converts in milliseconds. An existing name.webp/name.avif
that perfgate did not write (or that was edited since) is never replaced without
--force; two sources that would write one output (logo.png and logo.jpg) are both
refused, naming each other.)");
  cmd->add_option("paths", o->paths, "Images or folders (searched for .png, .jpg, .jpeg)")->required();
  cmd->add_option("--to", o->to, "Formats to write: webp, avif or webp,avif");
  cmd->add_option("--out", o->out, "Write under this folder, mirroring the source tree");
  cmd->add_option("--jobs,-j", o->jobs, "Parallel jobs (default: number of cores)");
  cmd->add_option("--webp-quality", o->webp_quality, "WebP quality 0-100 (default 80)")->check(CLI::Range(0, 100));
  cmd->add_option("--avif-quality", o->avif_quality, "AVIF quality 0-100, sharp's scale (default 50)")->check(CLI::Range(0, 100));
  cmd->add_option("--min-psnr", o->min_psnr, "Quality floor in dB: an output further from its source is not kept (default 30; 0 = off)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--format,-f", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--no-cache", o->no_cache, "Convert everything again");
  cmd->add_flag("--force", o->force, "Replace existing outputs perfgate has no record of writing (hand-made or edited)");
  cmd->add_option("--cache-dir", o->cache_dir, "Cache folder (default: $PERFGATE_CACHE_DIR or ~/.cache/perfgate)");
  cmd->callback([o, &chosen] { chosen = [o] { return run_convert(*o); }; });
}

}  // namespace cli
