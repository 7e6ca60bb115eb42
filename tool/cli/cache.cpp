// `perfgate cache`: where the cache is, how big, and `perfgate cache clear`.
#include "cli/app.hpp"

#include "cli/output.hpp"
#include "util/strings.hpp"

#include "budget/units.hpp"
#include "util/cache.hpp"
#include "util/error.hpp"

#include <iostream>
#include <memory>

namespace cli {

namespace {

struct CacheOptions {
  std::string cache_dir;
  bool clear = false;
};

int run_cache(const CacheOptions& o) {
  const util::Cache cache(o.cache_dir.empty() ? util::Cache::default_dir() : o.cache_dir);
  if (!cache.enabled()) {
    throw util::Error("perfgate cache", "no cache folder: set $PERFGATE_CACHE_DIR, $XDG_CACHE_HOME or $HOME, or give --cache-dir");
  }
  const std::uint64_t cap = util::Cache::max_bytes();  // a bad $PERFGATE_CACHE_MAX is an error before anything is done
  const std::string folder = util::printable(cache.dir());
  std::string text;
  if (o.clear) {
    const util::CacheUsage removed = cache.clear();
    text = "cleared " + folder + ": removed " + std::to_string(removed.entries) + " entries (" +
           budget::human_bytes(static_cast<double>(removed.bytes)) + ")\n";
  } else {
    const util::CacheUsage usage = cache.usage();
    text = "cache folder: " + folder + "\n" + "entries:      " + std::to_string(usage.entries) + " (" +
           budget::human_bytes(static_cast<double>(usage.bytes)) + ")\n" + "cap:          " +
           budget::human_bytes(static_cast<double>(cap)) + " (least recently used entries go first; $PERFGATE_CACHE_MAX)\n";
  }
  return write_stdout(util::defuse_workflow_commands(text), "the cache summary") ? 0 : 2;
}

}  // namespace

void register_cache(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<CacheOptions>();
  CLI::App* cmd = app.add_subcommand("cache", "Show the size cache, or clear it");
  cmd->footer(R"(Examples:
  perfgate cache                 folder, entries and bytes
  perfgate cache clear           remove every entry
  PERFGATE_CACHE_MAX=64MiB perfgate check ...   a smaller cap

Entries verify themselves (length and checksum): a damaged one is recomputed.)");
  cmd->add_option("--cache-dir", o->cache_dir, "Cache folder (default: $PERFGATE_CACHE_DIR or ~/.cache/perfgate)");
  CLI::App* clear = cmd->add_subcommand("clear", "Remove every cache entry");
  clear->add_option("--cache-dir", o->cache_dir, "Cache folder (default: $PERFGATE_CACHE_DIR or ~/.cache/perfgate)");
  clear->callback([o] { o->clear = true; });
  cmd->final_callback([o, &chosen] { chosen = [o] { return run_cache(*o); }; });
}

}  // namespace cli
