// `perfgate init`: a gate for the project in the current folder in one command. It reads
// what the project is — package.json's dependencies (the framework, the bundler), the
// configs the team already keeps (lighthouserc, size-limit, bundlewatch, angular.json
// budgets), its image folders — and writes perfgate.json (including those configs rather
// than copying them), a GitHub Actions workflow and the git pre-commit hook, then says
// what it wrote and what to run next. It never writes over a file (exit 2 naming it)
// unless --force.
#include "cli/app.hpp"

#include "cli/output.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/json_writer.hpp"

#include <simdjson.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

namespace cli {

namespace {

namespace fs = std::filesystem;

struct InitOptions {
  bool force = false;
  bool dry_run = false;
};

// What the project builds with, and how perfgate reads its output.
struct Project {
  std::string tool;         // "Next.js", "Angular", "Vite", "webpack", ...
  std::string build;        // the build command the workflow runs
  std::string check;        // perfgate check's inputs for the build
  bool routes = true;       // route:* (frameworks, built HTML) or entrypoint:* (webpack stats)
  std::vector<std::string> include;  // the team's configs, named
  bool lighthouse_config = false;    // a lighthouserc is among them: its rules, not ours
  std::vector<std::string> images;   // image folders
};

bool exists(const std::string& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

// package.json's dependencies and devDependencies, and whether it has a top-level `key`.
struct Package {
  std::set<std::string> deps;
  std::set<std::string> keys;
};

Package read_package() {
  Package p;
  if (!exists("package.json")) return p;
  const util::json::JsonText text = util::json::read_file("package.json");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto e = parser.parse(text.data(), text.size()).get(root); e || !root.is_object()) {
    throw util::Error("package.json", "not a JSON object: fix it first, perfgate init reads the dependencies from it");
  }
  const simdjson::dom::object fields = root.get_object().value_unsafe();
  for (auto [key, value] : fields) {
    p.keys.insert(std::string(key));
    if ((key == "dependencies" || key == "devDependencies") && value.is_object()) {
      const simdjson::dom::object deps = value.get_object().value_unsafe();
      for (auto [dep, version] : deps) p.deps.insert(std::string(dep));
    }
  }
  return p;
}

// The Angular project whose dist/<name> the build writes: the default, else the first.
std::string angular_project() {
  const util::json::JsonText text = util::json::read_file("angular.json");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root)) throw util::Error("angular.json", "not JSON");
  std::string_view name;
  if (!root["defaultProject"].get_string().get(name)) return std::string(name);
  simdjson::dom::object projects;
  if (!root["projects"].get_object().get(projects)) {
    for (auto [key, value] : projects) return std::string(key);
  }
  throw util::Error("angular.json", "names no project");
}

Project look() {
  const Package pkg = read_package();
  Project p;
  auto has = [&](const char* dep) { return pkg.deps.count(dep) > 0; };
  if (has("next")) {
    p = {"Next.js", "npx next build", "--build .next", true, {}, false, {}};
  } else if (has("@angular/core")) {
    const std::string app = exists("angular.json") ? angular_project() : "app";
    p = {"Angular", "npx ng build", "--build dist/" + app, true, {}, false, {}};
  } else if (has("nuxt")) {
    p = {"Nuxt", "npx nuxt build", "--build .output", true, {}, false, {}};
  } else if (has("@sveltejs/kit")) {
    p = {"SvelteKit", "npx vite build", "--build .svelte-kit", true, {}, false, {}};
  } else if (has("astro")) {
    p = {"Astro", "npx astro build", "--build dist", true, {}, false, {}};
  } else if (has("react-router") && has("@react-router/dev")) {
    p = {"React Router", "npx react-router build", "--build build", true, {}, false, {}};
  } else if (has("vite")) {
    p = {"Vite", "npx vite build", "--build dist", true, {}, false, {}};
  } else if (has("webpack")) {
    p = {"webpack", "npx webpack --json=dist/stats.json", "--stats dist/stats.json --dist dist", false, {}, false, {}};
  } else if (has("parcel")) {
    p = {"Parcel", "npx parcel build", "--html 'dist/**/*.html'", true, {}, false, {}};
  } else {
    throw util::Error("perfgate init", std::string(exists("package.json") ? "package.json names none of" : "no package.json here, so none of") +
                                           " next, @angular/core, nuxt, @sveltejs/kit, astro, react-router, vite, webpack or parcel: "
                                           "run it in the project's folder, or write perfgate.json by hand (docs/budgets.md)");
  }
  for (const char* rc : {"lighthouserc.json", ".lighthouserc.json", "lighthouserc.js", ".lighthouserc.js", "lighthouserc.cjs",
                         ".lighthouserc.cjs", "lighthouserc.yml", ".lighthouserc.yml", "lighthouserc.yaml", ".lighthouserc.yaml"}) {
    if (exists(rc)) {
      p.include.push_back(rc);
      p.lighthouse_config = true;
      break;
    }
  }
  // size-limit's, bundlesize's and bundlewatch's paths are the project's: read with --dist .
  const std::size_t before = p.include.size();
  for (const char* c : {".size-limit.json", ".size-limit.js", ".size-limit.cjs", "bundlesize.config.json", "bundlewatch.config.json"}) {
    if (exists(c)) p.include.push_back(c);
  }
  if (pkg.keys.count("size-limit") || pkg.keys.count("bundlewatch") || pkg.keys.count("bundlesize")) p.include.push_back("package.json");
  if (p.include.size() > before && p.check.find("--dist") == std::string::npos) p.check += " --dist .";
  if (p.tool == "Angular" && exists("angular.json")) p.include.push_back("angular.json");
  for (const char* d : {"public/img", "public/images", "src/assets", "static/img", "static/images", "assets/img", "assets/images"}) {
    std::error_code ec;
    if (fs::is_directory(d, ec)) p.images.emplace_back(d);
  }
  return p;
}

std::string budget_json(const Project& p) {
  std::string out;
  util::JsonWriter w(out);
  w.begin_object();
  w.field("$schema", "./node_modules/perfgate/perfgate.schema.json");
  w.field("description", "The frontend rows of the performance SLA for this " + p.tool + " project (written by perfgate init).");
  if (!p.include.empty()) {
    w.key("include");
    w.begin_array();
    for (const auto& f : p.include) w.value(f);
    w.end_array();
  }
  w.key("budgets");
  w.begin_object();
  if (!p.lighthouse_config) {
    w.field("categories:performance", "> 90");
    w.field("first-contentful-paint", "< 1.5 s");
    w.field("largest-contentful-paint", "< 2.5 s");
    w.field("total-blocking-time", "< 300 ms");
    w.field("cumulative-layout-shift", "< 0.1");
    w.field("server-response-time", "< 300 ms");
  }
  w.field(p.routes ? "route:*" : "entrypoint:*", "< 500 KB");
  if (!p.images.empty()) w.field("images:legacy-format", "== 0");
  w.end_object();
  w.end_object();
  return out + "\n";
}

std::string check_args(const Project& p) {
  std::string args = p.check;
  for (const auto& d : p.images) args += " --images " + d;
  return args;
}

std::string workflow(const Project& p) {
  return "# Written by perfgate init: the performance budgets of perfgate.json on every push and\n"
         "# pull request. perfgate's exit code fails the job: 1 a budget exceeded, 2 not checked.\n"
         "name: perfgate\n"
         "on: [push, pull_request]\n"
         "jobs:\n"
         "  perfgate:\n"
         "    runs-on: ubuntu-latest\n"
         "    steps:\n"
         "      - uses: actions/checkout@v4\n"
         "      - uses: actions/setup-node@v4\n"
         "        with:\n"
         "          node-version: 20\n"
         "          cache: npm\n"
         "      - run: npm ci\n"
         "      - run: " + p.build + "\n"
         "      - name: perfgate\n"
         "        run: npx perfgate check " + check_args(p) + " --format github --format markdown=perf.md --format junit=perf.xml\n"
         "      - if: always()\n"
         "        uses: actions/upload-artifact@v4\n"
         "        with:\n"
         "          name: perfgate\n"
         "          path: |\n"
         "            perf.md\n"
         "            perf.xml\n";
}

int run_init(const InitOptions& o) {
  const Project p = look();
  struct File {
    std::string path, text;
    bool executable;
  };
  std::vector<File> files = {{"perfgate.json", budget_json(p), false}, {".github/workflows/perfgate.yml", workflow(p), false}};
  // The pre-commit hook, from the npm package (it finds perfgate in node_modules/.bin).
  const bool git = fs::is_directory(".git");
  const std::string hook = ".git/hooks/pre-commit";
  if (!o.force) {
    for (const auto& f : files) {
      if (exists(f.path)) throw util::Error(f.path, "exists; perfgate init never writes over a file: move it, or give --force");
    }
  }
  std::string said = "perfgate init: a " + p.tool + " project";
  if (!p.include.empty()) {
    said += ", including ";
    for (std::size_t i = 0; i < p.include.size(); ++i) said += (i ? ", " : "") + p.include[i];
  }
  said += "\n";
  for (const auto& f : files) {
    if (!o.dry_run) {
      std::error_code ec;
      const fs::path parent = fs::path(f.path).parent_path();
      if (!parent.empty()) fs::create_directories(parent, ec);
      util::write_file_atomic(f.path, f.text);
    }
    said += (o.dry_run ? "  would write " : "  wrote ") + f.path + "\n";
  }
  if (git && !exists(hook) && !fs::is_symlink(hook)) {
    if (!o.dry_run) {
      std::error_code ec;
      fs::create_directories(".git/hooks", ec);
      fs::create_symlink("../../node_modules/perfgate/hooks/pre-commit", hook, ec);
      if (ec) throw util::Error(hook, "cannot link the pre-commit hook: " + ec.message());
    }
    said += (o.dry_run ? "  would link " : "  linked ") + hook + " -> node_modules/perfgate/hooks/pre-commit\n";
  } else if (git) {
    said += "  left " + hook + " as it is; to add perfgate's, call node_modules/perfgate/hooks/pre-commit from it\n";
  }
  said += "Next: " + p.build + " && npx perfgate check " + check_args(p) + "\n";
  return write_stdout(said, "what perfgate init wrote") ? 0 : 2;
}

}  // namespace

void register_init(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "Write perfgate.json, a GitHub workflow and the pre-commit hook for this project");
  cmd->footer(R"(Examples:
  npx perfgate init              in a Next.js, Angular, Nuxt, SvelteKit, Astro, React Router, Vite,
                                 webpack or Parcel project: perfgate.json, .github/workflows/perfgate.yml,
                                 .git/hooks/pre-commit
  npx perfgate init --dry-run    what it would write

A lighthouserc, size-limit, bundlewatch or angular.json budget already there is included,
not copied. An existing file is never overwritten (exit 2 naming it) unless --force.)");
  cmd->add_flag("--force", o->force, "Write over perfgate.json and the workflow if they exist");
  cmd->add_flag("--dry-run", o->dry_run, "Say what would be written, write nothing");
  cmd->final_callback([o, &chosen] { chosen = [o] { return run_init(*o); }; });
}

}  // namespace cli
