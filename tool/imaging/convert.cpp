#include "imaging/convert.hpp"

#include "util/walk.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace imaging {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop = true; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool convertible_extension(const fs::path& p) {
  const std::string ext = lower(p.extension().string());
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DecodeError{"cannot read the file"};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where the `format` output of `source` (found under `root`) goes.
std::string output_path(const std::string& source, const std::string& root, Format format,
                        const std::optional<std::string>& out_dir) {
  fs::path rel = out_dir ? fs::relative(source, root) : fs::path(source);
  if (out_dir) rel = fs::path(*out_dir) / rel;
  rel.replace_extension(std::string(".") + std::string(format_name(format)));
  return rel.string();
}

// A folder or file as an absolute, resolved path without a trailing '/' ("dist/img/",
// "dist/img/." and "./dist/img" are one folder).
std::string resolved(const std::string& path, std::error_code& ec) {
  std::string r = fs::weakly_canonical(fs::absolute(path, ec), ec).lexically_normal().string();
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  return r;
}

// Refuse an output outside --out, through ".." or a symlinked folder.
void check_inside(const std::string& path, const std::optional<std::string>& out_dir) {
  if (!out_dir) return;
  std::error_code ec;
  const std::string r = resolved(*out_dir, ec);
  const std::string t = resolved(path, ec);
  const bool inside = r == "/" ? t.size() > 1 && t[0] == '/'
                               : t.compare(0, r.size(), r) == 0 && t.size() > r.size() && t[r.size()] == '/';
  if (ec || !inside) {
    throw DecodeError{"the output " + path + " would land outside --out " + *out_dir + " (a link or ..); refused"};
  }
}

// Remove temporary files that a killed run left in `dir` (their process is gone).
void remove_stale_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!util::is_temporary_name(name)) continue;
    // ".<name>.perfgate-tmp.<pid>.<n>"
    const auto marker = name.find(".perfgate-tmp.");
    const long pid = std::atol(name.c_str() + marker + 14);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      fs::remove(entry.path(), ec);
    }
  }
}

std::string stat_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  std::ostringstream s;
  s << fs::absolute(path).string() << ':' << st.st_ino << ':' << st.st_size << ':' << st.st_mtim.tv_sec << '.'
    << st.st_mtim.tv_nsec;
  return s.str();
}

class Converter {
public:
  Converter(const ConvertOptions& o, std::map<std::string, std::vector<std::string>> collisions)
    : m_options(o), m_cache(o.cache_dir), m_record(o.record_dir), m_collisions(std::move(collisions)) {}

  Conversion convert(const std::string& source, const std::string& root) {
    Conversion c;
    c.source = source;
    std::error_code ec;
    c.source_bytes = fs::file_size(source, ec);
    if (ec) {
      c.error = "cannot read it: " + ec.message();
      return c;
    }
    // Up to date? The source's identity and the settings name the entry; the outputs
    // must still be there as written.
    const std::string key_base = stat_key(source) + "|" + settings_key(m_options.settings);
    std::vector<Output> cached;
    bool all_cached = m_cache.enabled();
    for (Format f : m_options.targets) {
      if (m_collisions.count(output_path(source, root, f, m_options.out_dir))) all_cached = false;
    }
    for (Format f : m_options.targets) {
      const std::string out = output_path(source, root, f, m_options.out_dir);
      const std::string key = util::hex64(util::hash64(key_base + "|" + out));
      auto entry = m_cache.get("convert-v1", key);
      Output o{f, out, 0, false, true, {}};
      int kept = 0;
      std::string out_stat;
      std::istringstream in(entry.value_or(""));
      if (!entry || !(in >> kept >> o.bytes) || (kept && !(in >> out_stat)) ||
          (kept && out_stat != util::hex64(util::hash64(stat_key(out))))) {
        all_cached = false;
        break;
      }
      o.kept = kept;
      if (!o.kept) o.note = "not smaller than the source; not kept";
      cached.push_back(o);
    }
    if (all_cached) {
      c.outputs = cached;
      return c;
    }
    try {
      const std::string data = read_all(source);
      if (data.empty()) throw DecodeError{"empty file"};
      Image image = decode(data, util::limits().max_image_pixels);
      c.width = image.width;
      c.height = image.height;
      EncodeSettings settings = m_options.settings;
      settings.try_lossless = sniff_format(data) == Format::png;
      for (Format f : m_options.targets) {
        Output o;
        o.format = f;
        o.path = output_path(source, root, f, m_options.out_dir);
        try {
          check_inside(o.path, m_options.out_dir);
          if (auto other = m_collisions.find(o.path); other != m_collisions.end()) {
            throw DecodeError{util::join(other->second, " and ") + (other->second.size() == 2 ? " would both" : " would all") + " be written to " + o.path +
                              "; refused for each (rename one, or convert them into different --out folders)"};
          }
          if (fs::exists(o.path) && fs::equivalent(o.path, source)) throw DecodeError{"the output would overwrite the source; refused"};
          const std::string encoded = f == Format::webp ? encode_webp(image, settings) : encode_avif(image, settings);
          o.bytes = encoded.size();
          if (encoded.size() < c.source_bytes) {
            refuse_foreign(o.path, encoded);
            prepare_folder(fs::path(o.path).parent_path());
            // Recorded before it is written: a run killed between the two leaves a record
            // of bytes that are not there (harmless), never an output without its record.
            remember_written(encoded);
            util::write_file_atomic(o.path, encoded);
            o.kept = true;
          } else {
            o.note = "not smaller than the source (" + std::to_string(encoded.size()) + " B); not kept";
          }
          const std::string key = util::hex64(util::hash64(key_base + "|" + o.path));
          m_cache.put("convert-v1", key,
                      std::to_string(o.kept ? 1 : 0) + " " + std::to_string(o.bytes) +
                          (o.kept ? " " + util::hex64(util::hash64(stat_key(o.path))) : std::string()) + "\n");
        } catch (const DecodeError& e) {
          o.note = e.message;
        } catch (const util::Error& e) {
          o.note = e.message();
        }
        c.outputs.push_back(o);
      }
    } catch (const DecodeError& e) {
      c.error = e.message;
      c.skipped = util::ends_with(e.message, "skipped");
    } catch (const std::bad_alloc&) {
      c.error = "out of memory decoding it";
    }
    return c;
  }

private:
  // perfgate keeps a record (in the cache folder, "written-v1") of every output it
  // wrote, by the hash of its bytes: a file at an output's path whose bytes perfgate
  // wrote (here, or moved since with its source: git mv) is perfgate's to replace;
  // any other — a hand-made logo.webp, one edited since, one written on another machine
  // — is never replaced without --force, unless it is already exactly the new output.
  static std::string written_key(std::string_view bytes) { return util::hex64(util::hash64(bytes)) + util::hex64(bytes.size()); }

  // Return whether `path` may be written with `encoded`; throw when it may not.
  void refuse_foreign(const std::string& path, const std::string& encoded) {
    std::error_code ec;
    if (m_options.force || !fs::exists(fs::symlink_status(path, ec))) return;
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
      throw DecodeError{path + " exists and is not a file perfgate wrote; refused (remove it, or --force)"};
    }
    std::string bytes;
    try {
      bytes = read_all(path);
    } catch (const DecodeError&) {
    }
    if (bytes == encoded || m_record.get("written-v1", written_key(bytes))) return;
    throw DecodeError{path + " exists and perfgate has no record of writing it" +
                      std::string(m_record.enabled() ? " (made by hand, edited since, or written on another machine)"
                                                     : " (there is no cache folder to keep a record in)") +
                      "; kept, and this output refused: --force replaces it"};
  }

  void remember_written(const std::string& bytes) { m_record.put("written-v1", written_key(bytes), "1\n"); }

  void prepare_folder(const fs::path& dir) {
    std::lock_guard lock(m_mutex);
    if (!m_prepared.insert(dir.string()).second) return;
    std::error_code ec;
    fs::create_directories(dir, ec);
    remove_stale_temporaries(dir);
  }

  const ConvertOptions& m_options;
  util::Cache m_cache;
  util::Cache m_record;
  std::map<std::string, std::vector<std::string>> m_collisions;  // output path -> every source that maps to it
  std::mutex m_mutex;
  std::set<std::string> m_prepared;
};

}  // namespace

bool interrupted() { return g_stop; }

std::vector<std::pair<std::string, std::string>> find_images(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& file : util::walk_files(p).files) {
        const fs::path path(file);
        if (convertible_extension(path) && !util::is_temporary_name(path.filename().string())) {
          out.emplace_back(file, p);
        }
      }
    } else {
      // A file named on the command line is found from its own folder ("." for "a.png").
      const std::string parent = fs::path(p).parent_path().string();
      out.emplace_back(p, parent.empty() ? "." : parent);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Conversion> convert_images(const std::vector<std::pair<std::string, std::string>>& images,
                                       const ConvertOptions& options) {
  // Finish the image in hand on Ctrl-C or kill, then stop: no partial file is left.
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // Two sources that map to one output (logo.png and logo.jpg beside each other, or two
  // inputs mirrored onto one --out path): neither is written, both are named.
  std::map<std::string, std::vector<std::string>> planned, collisions;
  for (const auto& [source, root] : images) {
    for (Format f : options.targets) {
      std::error_code ec;
      const std::string out = output_path(source, root, f, options.out_dir);
      planned[resolved(out, ec)].push_back(source);
    }
  }
  for (const auto& [source, root] : images) {
    for (Format f : options.targets) {
      std::error_code ec;
      const std::string out = output_path(source, root, f, options.out_dir);
      const auto& sources = planned[resolved(out, ec)];
      if (sources.size() > 1) collisions[out] = sources;
    }
  }
  Converter converter(options, std::move(collisions));
  std::vector<std::optional<Conversion>> results(images.size());
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  // Start the largest files first so that no big picture runs alone at the end.
  std::vector<std::pair<std::uintmax_t, std::size_t>> order;
  for (std::size_t i = 0; i < images.size(); ++i) {
    std::error_code ec;
    const auto size = fs::file_size(images[i].first, ec);
    order.emplace_back(ec ? 0 : size, i);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  util::parallel_for(images.size(), options.jobs, [&](std::size_t k) {
    const std::size_t i = order[k].second;
    if (g_stop) return;
    results[i] = converter.convert(images[i].first, images[i].second);
    const std::size_t n = ++done;
    if (options.progress) {
      std::lock_guard lock(progress_mutex);
      const int width = 30;
      const int filled = static_cast<int>(width * n / images.size());
      std::fprintf(stderr, "\r[%s%s] %zu/%zu images", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), n, images.size());
      if (n == images.size()) std::fputs("\n", stderr);
      std::fflush(stderr);
    }
  });
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::vector<Conversion> out;
  for (auto& r : results) {
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace imaging
