#include "cli/output.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>

namespace cli {

namespace {

// Whether standard output and standard error lead to one place (one terminal, or one
// file or pipe as with 2>&1): there, an error printed on standard error is not
// printed again in the text report.
bool same_destination_as_stderr() {
  struct stat out {}, err {};
  if (::fstat(1, &out) != 0 || ::fstat(2, &err) != 0) return false;
  if (out.st_dev == err.st_dev && out.st_ino == err.st_ino) return true;
  return util::is_terminal(stdout) && util::is_terminal(stderr);
}

}  // namespace

std::vector<OutputSpec> parse_outputs(const std::vector<std::string>& specs, const std::string& color) {
  const util::ColorMode mode = color == "always" ? util::ColorMode::always
                               : color == "never" ? util::ColorMode::never
                                                  : util::ColorMode::automatic;
  std::vector<OutputSpec> outputs;
  bool to_stdout = false;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    const std::string name = spec.substr(0, eq);
    auto format = report::parse_format(name);
    if (!format) {
      throw util::Error("--format", "unknown format \"" + name + "\"" +
                                        util::did_you_mean(name, report::format_names()) +
                                        "; use " + util::join(report::format_names(), ", "));
    }
    OutputSpec out{*format, std::nullopt, false};
    if (eq != std::string::npos) {
      out.path = spec.substr(eq + 1);
      if (out.path->empty()) throw util::Error("--format " + spec, "no file name after '='");
    } else {
      if (to_stdout) {
        throw util::Error("--format " + spec, "only one format can go to standard output; write the others "
                                              "to files with FORMAT=FILE");
      }
      to_stdout = true;
      out.color = util::use_color(stdout, mode);
      out.errors_elsewhere = same_destination_as_stderr();
    }
    outputs.push_back(out);
  }
  if (!to_stdout) {
    outputs.push_back({report::Format::text, std::nullopt, util::use_color(stdout, mode), same_destination_as_stderr()});
  }
  return outputs;
}

namespace {

namespace fs = std::filesystem;

// Where a path leads: its device and inode when it exists (links followed), and its
// absolute, normalised path with links resolved as far as they exist.
struct Place {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  bool folder = false;
  std::string path;
};

Place place_of(const std::string& path) {
  Place p;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    p.exists = true;
    p.dev = st.st_dev;
    p.ino = st.st_ino;
    p.folder = S_ISDIR(st.st_mode);
  }
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(fs::absolute(path, ec), ec);
  p.path = ec ? path : real.string();
  return p;
}

bool same_place(const Place& a, const Place& b) {
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return a.path == b.path;
}

bool inside(const Place& folder, const Place& file) {
  return folder.folder && file.path.size() > folder.path.size() &&
         file.path.compare(0, folder.path.size(), folder.path) == 0 &&
         (folder.path.back() == '/' || file.path[folder.path.size()] == '/');
}

}  // namespace

void refuse_clashing_outputs(const std::vector<OutputSpec>& outputs, const std::vector<InputPath>& inputs) {
  struct Out {
    std::string what;
    std::string path;
    Place place;
  };
  std::vector<Out> outs;
  bool github = false;
  for (const auto& o : outputs) {
    github = github || o.format == report::Format::github;
    if (!o.path) continue;
    outs.push_back({"--format " + std::string(report::format_name(o.format)) + "=" + *o.path, *o.path, place_of(*o.path)});
  }
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); github && summary && *summary) {
    outs.push_back({"$GITHUB_STEP_SUMMARY", summary, place_of(summary)});
  }
  // Character devices (/dev/stdout, /dev/null) are written in place, never replaced.
  auto device = [](const Place& p) {
    struct stat st {};
    return p.exists && ::stat(p.path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
  };
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (device(outs[i].place)) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (same_place(outs[i].place, outs[j].place)) {
        throw util::Error(outs[i].path, "is the output of both " + outs[j].what + " and " + outs[i].what +
                                      ": one would replace the other; give each output its own file");
      }
    }
    for (const auto& in : inputs) {
      const Place p = place_of(in.path);
      if (same_place(outs[i].place, p) && !p.folder) {
        throw util::Error(outs[i].path, outs[i].what + " would write over an input (" + in.option + " " + in.path +
                                      "); nothing was written: give the output another name");
      }
      if (inside(p, outs[i].place) || (p.folder && same_place(outs[i].place, p))) {
        throw util::Error(outs[i].path, outs[i].what + " is inside " + in.option + " " + in.path +
                                      ", which this run reads; nothing was written: write the output elsewhere");
      }
    }
  }
}

namespace {

// In a GitHub Actions job, the github format also appends the Markdown summary
// to the job's summary page.
void append_step_summary(const evaluate::Outcome& outcome) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (!path || !*path) return;
  // The blank line keeps the heading a heading when an earlier step left no final newline.
  const std::string text = "\n" + report::render(report::Format::markdown, outcome, {});
  std::FILE* f = std::fopen(path, "a");
  if (!f) throw util::Error(path, "cannot append to $GITHUB_STEP_SUMMARY");
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !written) throw util::Error(path, "cannot append to $GITHUB_STEP_SUMMARY (disk full?)");
}

}  // namespace

bool write_stdout(std::string_view text, std::string_view what) {
  const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  if (std::fflush(stdout) == 0 && written && !std::ferror(stdout)) return true;
  std::cerr << "perfgate: error: standard output: cannot write " << what << " (" << std::strerror(errno) << ")\n";
  std::clearerr(stdout);
  return false;
}

bool write_outputs(const std::vector<OutputSpec>& outputs, const evaluate::Outcome& outcome) {
  bool ok = true;
  auto failed = [&ok](const std::string& line) {
    std::cerr << "perfgate: error: " << util::safe_line(line) << "\n";
    ok = false;
  };
  for (const auto& out : outputs) {
    try {
      if (out.format == report::Format::github) append_step_summary(outcome);
    } catch (const util::Error& e) {
      failed(e.message());
    } catch (const std::exception& e) {
      failed(std::string("$GITHUB_STEP_SUMMARY: ") + e.what());
    }
    std::string text;
    try {
      text = report::render(out.format, outcome, {out.color, out.errors_elsewhere});
    } catch (const std::exception& e) {
      failed(std::string("cannot render the ") + std::string(report::format_name(out.format)) + " output: " + e.what());
      continue;
    }
    if (out.path) {
      try {
        util::write_output_file(*out.path, text);
      } catch (const util::Error& e) {
        failed(e.message() + " (the --format " + std::string(report::format_name(out.format)) + " output is lost)");
      }
    } else {
      if (!write_stdout(text, std::string("the ") + std::string(report::format_name(out.format)) + " output")) ok = false;
    }
  }
  return ok;
}

}  // namespace cli
