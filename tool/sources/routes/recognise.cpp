// Which framework built a folder, from the folder itself: the project root, the
// build folder (.next, .svelte-kit, .output, build, dist/<app>) or a folder
// inside it are all accepted where the layout makes the answer unambiguous. A
// server bundle is refused by name, saying which folder holds the client build.
#include "sources/routes/build.hpp"
#include "sources/routes/routes.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

namespace sources::routes {

namespace {

bool file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}
bool dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool has_rr_manifest(const fs::path& assets) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(assets, ec)) {
    const std::string n = e.path().filename().string();
    if (util::starts_with(n, "manifest-") && util::ends_with(n, ".js")) return true;
  }
  return false;
}

bool has_glob(const fs::path& d, std::string_view prefix, std::string_view suffix) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(d, ec)) {
    const std::string n = e.path().filename().string();
    if (util::starts_with(n, prefix) && util::ends_with(n, suffix)) return true;
  }
  return false;
}

}  // namespace

Located locate(const fs::path& d, const std::string& given) {
  using K = Located::Kind;
  // Next.js: the project root or .next.
  for (const fs::path& n : {d / ".next", d}) {
    if (file(n / "build-manifest.json") && dir(n / "server")) return {K::next, n, "Next.js"};
  }
  if (d.filename() == "server" && file(d.parent_path() / "build-manifest.json")) {
    throw util::Error(given, "is Next.js's server output; the client build is " + d.parent_path().string() +
                                 " (give --build " + d.parent_path().string() + ")");
  }
  // SvelteKit: the project root, .svelte-kit or .svelte-kit/output.
  for (const fs::path& o : {d / ".svelte-kit" / "output", d / "output", d}) {
    if (dir(o / "client") && (file(o / "server" / "manifest-full.js") || file(o / "server" / "manifest.js"))) {
      return {K::sveltekit, o, "SvelteKit"};
    }
  }
  if (file(d / "manifest-full.js") && dir(d / "nodes")) {
    throw util::Error(given, "is SvelteKit's server output; the client build is " + (d.parent_path() / "client").string() +
                                 ", and a route's files are read from both: give --build " + d.parent_path().string());
  }
  if (d.filename() == "client" && dir(d / "_app" / "immutable") && file(d.parent_path() / "server" / "manifest-full.js")) {
    return {K::sveltekit, d.parent_path(), "SvelteKit"};
  }
  // Nuxt: the project root or .output.
  for (const char* m : {"client.manifest.mjs", "client.precomputed.mjs"}) {
    if (file(d / ".nuxt/dist/server" / m) || file(d / ".output/server/chunks/build" / m)) return {K::nuxt, d, "Nuxt"};
    if (file(d / "server/chunks/build" / m) && dir(d / "public")) return {K::nuxt, d, "Nuxt"};
    if (d.filename() == "public" && dir(d / "_nuxt") && file(d.parent_path() / "server/chunks/build" / m)) {
      return {K::nuxt, d.parent_path(), "Nuxt"};
    }
  }
  // React Router 7 / Remix: build/ (client + server) or build/client.
  for (const fs::path& c : {d / "build" / "client", d / "client", d}) {
    if (has_rr_manifest(c / "assets")) return {K::react_router, c.filename() == "client" ? c.parent_path() : c, "React Router"};
  }
  if (file(d / "index.js") && file(d / ".vite" / "manifest.json") && has_rr_manifest(d.parent_path() / "client" / "assets")) {
    throw util::Error(given, "is React Router's server build; the client build is " + (d.parent_path() / "client").string() +
                                 " (give --build " + d.parent_path().string() + ")");
  }
  // Angular: dist/<app> with browser/ (application builder), or its webpack output.
  if (dir(d / "browser") && (file(d / "browser" / "index.html") || file(d / "browser" / "index.csr.html"))) {
    return {K::angular, d, "Angular"};
  }
  if (d.filename() == "server" && dir(d.parent_path() / "browser") && file(d / "main.server.mjs")) {
    throw util::Error(given, "is Angular's server bundle; the client build is " + (d.parent_path() / "browser").string() +
                                 " (give --build " + d.parent_path().string() + ")");
  }
  if (file(d / "index.html") && has_glob(d, "runtime.", ".js") && has_glob(d, "main.", ".js") &&
      has_glob(d, "polyfills.", ".js")) {
    return {K::angular, d, "Angular"};
  }
  // Built HTML: the folder, or the output folder inside a project (dist/, build/, out/).
  for (const fs::path& h : {d, d / "dist", d / "build", d / "out"}) {
    if (file(h / "index.html")) return {K::html, h, dir(h / "_astro") ? "Astro" : "static HTML"};
  }
  if (dir(d)) return {K::html, d, dir(d / "_astro") ? "Astro" : "static HTML"};
  return {};
}

}  // namespace sources::routes

namespace sources {

std::string recognise_build(const std::string& d) {
  try {
    const routes::Located l = routes::locate(d, d);
    return l.kind == routes::Located::Kind::html ? std::string() : l.framework;
  } catch (const util::Error&) {
    return "server";  // refused by read_routes with the message
  }
}

}  // namespace sources
