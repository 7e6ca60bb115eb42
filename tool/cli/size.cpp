// `perfgate size FILE|GLOB|DIR...`: raw, gzip and brotli sizes per file and in
// total, like gzip-size / size-limit print them, aligned; or JSON.
#include "cli/app.hpp"

#include "cli/output.hpp"

#include "budget/units.hpp"
#include "sources/bundles/file_sizes.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"
#include "util/json_writer.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"
#include "util/walk.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace cli {

namespace {

struct SizeOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  unsigned jobs = 0;
  bool no_cache = false;
  bool no_brotli = false;
  std::string cache_dir;
};

// Expand the arguments into files. An argument that names nothing (a glob with
// no match, an empty folder) is an error of its own, reported beside the sizes
// of the others; it never stops them.
std::vector<std::string> expand(const std::vector<std::string>& inputs, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (util::has_glob_chars(input) && !fs::exists(input, ec)) {
      auto matched = util::expand_glob(input);
      if (matched.empty()) errors.push_back(input + ": the pattern matches no file");
      files.insert(files.end(), matched.begin(), matched.end());
    } else if (fs::is_directory(input, ec)) {
      const util::WalkResult found = util::walk_files(input);
      if (!found.error.empty()) errors.push_back(input + ": cannot list the folder: " + found.error);
      for (const auto& broken : found.broken) errors.push_back(broken + ": a symbolic link to nothing");
      if (found.files.empty() && found.error.empty()) errors.push_back(input + ": the folder holds no file to measure");
      files.insert(files.end(), found.files.begin(), found.files.end());
    } else {
      files.push_back(input);
    }
  }
  return files;
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

int run_size(const SizeOptions& o) {
  std::vector<std::string> errors;
  const std::vector<std::string> files = expand(o.paths, errors);
  const util::Cache cache(o.no_cache ? "" : o.cache_dir.empty() ? util::Cache::default_dir() : o.cache_dir);
  const auto sizes = sources::measure_files(files, o.jobs ? o.jobs : util::default_jobs(), cache, !o.no_brotli);
  compression::Sizes total;
  std::size_t measured = 0;
  for (const auto& s : sizes) {
    if (!s.sizes) {
      errors.push_back(s.path + ": " + s.error);
      continue;
    }
    ++measured;
    total.raw += s.sizes->raw;
    total.gzip += s.sizes->gzip;
    total.brotli += s.sizes->brotli;
  }
  for (const auto& e : errors) std::cerr << "perfgate: error: " << util::safe_line(e) << "\n";
  auto brotli_text = [&](const compression::Sizes& sz) {
    return o.no_brotli ? std::string("-") : budget::human_bytes(static_cast<double>(sz.brotli));
  };
  std::string out;
  if (o.format == "json") {
    util::JsonWriter w(out);
    w.begin_object();
    w.key("files");
    w.begin_array();
    for (const auto& s : sizes) {
      if (!s.sizes) continue;
      w.begin_object();
      w.field("path", s.path);
      w.field("raw", s.sizes->raw);
      w.field("gzip", s.sizes->gzip);
      if (!o.no_brotli) w.field("brotli", s.sizes->brotli);
      w.end_object();
    }
    w.end_array();
    w.key("total");
    w.begin_object();
    w.field("files", static_cast<std::uint64_t>(measured));
    w.field("raw", total.raw);
    w.field("gzip", total.gzip);
    if (!o.no_brotli) w.field("brotli", total.brotli);
    w.end_object();
    w.key("errors");
    w.begin_array();
    for (const auto& e : errors) w.value(e);
    w.end_array();
    w.end_object();
  } else if (measured > 0) {
    std::size_t width = 5;
    std::vector<std::string> names;
    for (const auto& s : sizes) names.push_back(util::printable(s.path));
    for (const auto& n : names) width = std::max(width, n.size());
    auto row = [&](const std::string& name, const std::string& raw, const std::string& gz, const std::string& br) {
      out += name + std::string(width - std::min(width, name.size()), ' ') + "  " + pad_left(raw, 10) + "  " +
             pad_left(gz, 10) + "  " + pad_left(br, 10) + "\n";
    };
    row("file", "raw", "gzip", "brotli");
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      const auto& s = sizes[i];
      if (!s.sizes) continue;
      row(names[i], budget::human_bytes(static_cast<double>(s.sizes->raw)),
          budget::human_bytes(static_cast<double>(s.sizes->gzip)), brotli_text(*s.sizes));
    }
    if (measured > 1) {
      row("total (" + std::to_string(measured) + " files)", budget::human_bytes(static_cast<double>(total.raw)),
          budget::human_bytes(static_cast<double>(total.gzip)), brotli_text(total));
    }
    out = util::defuse_workflow_commands(out);
  }
  const bool written = write_stdout(out, "the sizes");
  return errors.empty() && written ? 0 : 2;
}

}  // namespace

void register_size(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<SizeOptions>();
  CLI::App* cmd = app.add_subcommand("size", "Print raw, gzip (zlib -9) and brotli (q11) sizes of files");
  cmd->footer(R"(Examples:
  perfgate size dist/js/main.js
  perfgate size 'dist/**/*.js' --format json
  perfgate size dist/            every file under dist/

gzip is zlib level 9 in the gzip container (gzip-size's figure), brotli quality 11.
Sizes are cached by content; a repeat run on unchanged files reads nothing.)");
  cmd->add_option("paths", o->paths, "Files, globs or folders")->required();
  cmd->add_option("--format,-f", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--jobs,-j", o->jobs, "Parallel jobs (default: number of cores)");
  cmd->add_flag("--no-cache", o->no_cache, "Do not read or write the size cache");
  cmd->add_flag("--no-brotli", o->no_brotli, "Skip brotli (quality 11 is slow on large files)");
  cmd->add_option("--cache-dir", o->cache_dir, "Cache folder (default: $PERFGATE_CACHE_DIR or ~/.cache/perfgate)");
  cmd->callback([o, &chosen] { chosen = [o] { return run_size(*o); }; });
}

}  // namespace cli
