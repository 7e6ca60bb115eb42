#include "cli/output.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <iostream>

namespace cli {

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
    }
    outputs.push_back(out);
  }
  if (!to_stdout) outputs.push_back({report::Format::text, std::nullopt, util::use_color(stdout, mode)});
  return outputs;
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
      text = report::render(out.format, outcome, {out.color});
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
