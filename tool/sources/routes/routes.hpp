// Routes, as a visitor loads them: for a framework build (Next.js, SvelteKit,
// Nuxt, React Router, Angular, Astro, any prerendered or static site), each
// route and the JS and CSS a first visit to it downloads — the framework's
// runtime, shared chunks, layouts and the page, each file once — sized on disk
// (raw, gzip, brotli). Source "routes", budget keys "route:<path>" and "route:*".
#pragma once

#include "sources/measurement.hpp"

#include <string>
#include <vector>

namespace sources {

struct RouteInputs {
  std::vector<std::string> builds;  // --build DIR (or --stats DIR): the framework is recognised from the folder
  std::vector<std::string> html;    // --html GLOB: built pages, each a route
  unsigned jobs = 1;
  bool use_cache = true;
  std::string cache_dir;
  bool brotli = false;
};

SourceResult read_routes(const RouteInputs& inputs);

// Return the framework a folder holds a build of ("Next.js", "SvelteKit", ...),
// or "" when it is none perfgate reads routes from. For `--stats DIR`.
std::string recognise_build(const std::string& dir);

}  // namespace sources
