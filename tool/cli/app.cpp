#include "cli/app.hpp"

#include <CLI/Version.hpp>

// Option groups, footers and IsMember as in CLI11 2.x (Debian 12: 2.1.2).
static_assert(CLI11_VERSION_MAJOR >= 2, "perfgate needs CLI11 2.0 or newer");

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/exit_status.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"

#include <cstdio>
#include <iostream>

namespace cli {

namespace {

constexpr const char* k_footer = R"(Examples:
  perfgate check --lighthouse 'reports/*.json'          hold Lighthouse reports against the budget
  perfgate check --stats dist/stats.json --dist dist    the 500 KB gzipped entrypoint budget
  perfgate check --images public/img                    images without a WebP/AVIF sibling
  perfgate check --lighthouse .lighthouseci --format json=perf.json --format junit=perf.xml
  perfgate size dist/js/*.js                            raw, gzip and brotli sizes
  perfgate images convert public/img --to webp,avif     convert PNG/JPEG to WebP and AVIF

Exit status: 0 every budget met, 1 a budget exceeded, 2 usage or input error.
Budget: --budget FILE, else ./perfgate.json, else the built-in SLA budget.
Docs: README.md and docs/ (man perfgate when installed).)";

}  // namespace

int run(int argc, char** argv) {
  CLI::App app("perfgate: a gate for frontend performance budgets", "perfgate");
  app.set_version_flag("--version", std::string("perfgate ") + PERFGATE_VERSION);
  app.footer(k_footer);
  app.require_subcommand(1);
  app.fallthrough();
  std::uint64_t max_json = util::limits().max_json_bytes;
  std::uint64_t max_pixels = util::limits().max_image_pixels;
  std::uint64_t max_http = util::limits().max_http_bytes;
  app.add_option("--max-json-size", max_json, "Largest JSON input in bytes, also once gunzipped (default 1 GiB)")
      ->group("Limits");
  app.add_option("--max-pixels", max_pixels, "Largest image decoded, in pixels (default 16383x16383)")
      ->group("Limits");
  app.add_option("--max-http-size", max_http, "Largest HTTP response in bytes (default 256 MiB)")
      ->group("Limits");

  Action chosen;
  register_check(app, chosen);
  register_size(app, chosen);
  register_images(app, chosen);
  register_fetch(app, chosen);
  register_cache(app, chosen);
  register_history(app, chosen);
  register_merge(app, chosen);
  register_init(app, chosen);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "perfgate: error: " << util::safe_line(e.what()) << "\n"
              << "Run 'perfgate --help' (or 'perfgate COMMAND --help') for usage.\n";
    return util::k_exit_error;
  } catch (const util::Error& e) {
    std::cerr << "perfgate: error: " << util::safe_line(e.message()) << "\n";
    return util::k_exit_error;
  }
  util::limits().max_json_bytes = max_json;
  util::limits().max_image_pixels = max_pixels;
  util::limits().max_http_bytes = max_http;
  if (!chosen) return util::k_exit_error;
  try {
    util::json::check_kernel();
    return chosen();
  } catch (const util::Error& e) {
    std::cerr << "perfgate: error: " << util::safe_line(e.message()) << "\n";
    return util::k_exit_error;
  } catch (const std::bad_alloc&) {
    std::cerr << "perfgate: error: out of memory\n";
    return util::k_exit_error;
  } catch (const std::exception& e) {
    std::cerr << "perfgate: error: " << util::safe_line(e.what()) << "\n";
    return util::k_exit_error;
  }
}

}  // namespace cli
