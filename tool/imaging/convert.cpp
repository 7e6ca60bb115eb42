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
#include <limits>
#include <map>
#include <memory>
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
  std::error_code ec;
  fs::path rel = out_dir ? fs::relative(source, root, ec) : fs::path(source);
  if (ec) rel = fs::path(source).lexically_relative(root);
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
  struct Job;
  Converter(const ConvertOptions& o, std::map<std::string, std::vector<std::string>> collisions)
    : m_options(o), m_cache(o.cache_dir), m_record(o.record_dir), m_collisions(std::move(collisions)) {}

  // One image in flight: its result, and the decoded picture its format tasks share
  // (freed when the last of them is done).
  struct Job {
    std::string source, root;
    Conversion result;
    std::mutex mutex;
    std::atomic<bool> started{false};  // a task of it has begun: after a stop, its others still run
    bool prepared = false;
    bool done = false;  // nothing left to encode: cached, or failed to decode
    std::optional<Image> image;
    bool png = false;
    std::string key_base;
    std::atomic<std::size_t> formats_left{0};
  };

  // Read and decode the image once, for whichever of its tasks comes first; false when
  // nothing is left to encode (up to date, or an error recorded in the result).
  bool prepare(Job& job) {
    job.started = true;
    std::lock_guard lock(job.mutex);
    if (job.prepared) return !job.done;
    job.prepared = true;
    job.done = true;
    Conversion& c = job.result;
    c.source = job.source;
    std::error_code ec;
    c.source_bytes = fs::file_size(job.source, ec);
    if (ec) {
      c.error = "cannot read it: " + ec.message();
      return false;
    }
    // Up to date? The source's identity and the settings name the entry; the outputs
    // must still be there as written.
    job.key_base = stat_key(job.source) + "|" + settings_key(m_options.settings) + "|psnr" + std::to_string(m_options.min_psnr);
    if (auto cached = cached_outputs(job)) {
      c.outputs = std::move(*cached);
      return false;
    }
    try {
      const std::string data = read_all(job.source);
      if (data.empty()) throw DecodeError{"empty file"};
      job.image = decode(data, util::limits().max_image_pixels);
      job.png = sniff_format(data) == Format::png;
      c.width = job.image->width;
      c.height = job.image->height;
      c.outputs.resize(m_options.targets.size());
      job.done = false;
    } catch (const DecodeError& e) {
      c.error = e.message;
      c.skipped = util::ends_with(e.message, "skipped");
    } catch (const std::bad_alloc&) {
      c.error = "out of memory decoding it";
    } catch (const std::exception& e) {  // a file-system error: this image only
      c.error = e.what();
    }
    return !job.done;
  }

  // Encode, check and write one format of a prepared image.
  void encode_one(Job& job, std::size_t target) {
    const Format f = m_options.targets[target];
    const Image& image = *job.image;
    Conversion& c = job.result;
    EncodeSettings settings = m_options.settings;
    settings.try_lossless = job.png;
    Output o;
    o.format = f;
    o.path = output_path(job.source, job.root, f, m_options.out_dir);
    try {
      check_inside(o.path, m_options.out_dir);
      if (auto other = m_collisions.find(o.path); other != m_collisions.end()) {
        throw DecodeError{util::join(other->second, " and ") + (other->second.size() == 2 ? " would both" : " would all") +
                          " be written to " + o.path + "; refused for each (rename one, or convert them into different --out folders)"};
      }
      std::error_code fs_error;
      if (fs::equivalent(o.path, job.source, fs_error)) throw DecodeError{"the output would overwrite the source; refused"};
      // The smallest candidate that passes the quality guard (a lossless one always
      // does): WebP lossy, and lossless too for PNG sources; when none passes, WebP is
      // retried lossless and AVIF in 4:4:4.
      std::vector<Candidate> candidates;
      if (f == Format::webp) {
        candidates.push_back(encode_webp(image, settings, false));
        if (settings.try_lossless) candidates.push_back(encode_webp(image, settings, true));
      } else {
        candidates.push_back(encode_avif(image, settings, false));
      }
      auto measure = [&](const Candidate& candidate) {
        return candidate.lossless || m_options.min_psnr <= 0 ? std::numeric_limits<double>::infinity()
                                                             : output_psnr(f, candidate.bytes, image);
      };
      std::vector<double> quality;
      for (const auto& candidate : candidates) quality.push_back(measure(candidate));
      auto passing = [&] {
        std::optional<std::size_t> best;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
          if (quality[i] >= m_options.min_psnr && (!best || candidates[i].bytes.size() < candidates[*best].bytes.size())) best = i;
        }
        return best;
      };
      std::optional<std::size_t> chosen = passing();
      if (!chosen) {
        candidates.push_back(f == Format::avif ? encode_avif(image, settings, true) : encode_webp(image, settings, true));
        quality.push_back(measure(candidates.back()));
        chosen = passing();
      }
      const std::size_t pick = chosen ? *chosen : static_cast<std::size_t>(std::max_element(quality.begin(), quality.end()) - quality.begin());
      const std::string& encoded = candidates[pick].bytes;
      o.bytes = encoded.size();
      if (!chosen) {
        char buf[200];
        std::snprintf(buf, sizeof buf, "%s at %.1f dB PSNR against the source, under the floor of %g dB (--min-psnr); not kept",
                      f == Format::webp ? "WebP" : "AVIF", quality[pick], m_options.min_psnr);
        o.note = buf;
        o.too_lossy = true;
        o.psnr = quality[pick];
      } else if (encoded.size() < c.source_bytes) {
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
      const std::string key = util::hex64(util::hash64(job.key_base + "|" + o.path));
      m_cache.put("convert-v2", key,
                  std::to_string(o.kept ? 1 : o.too_lossy ? 2 : 0) + " " + std::to_string(o.bytes) +
                      (o.kept ? " " + util::hex64(util::hash64(stat_key(o.path))) : std::string()) +
                      (o.too_lossy ? " " + std::to_string(o.psnr) + " " + o.note : std::string()) + "\n");
      if (!o.kept) remove_stale(o);
    } catch (const DecodeError& e) {
      o.note = e.message;
    } catch (const util::Error& e) {
      o.note = e.message();
    } catch (const std::bad_alloc&) {
      o.note = "out of memory encoding it";
    } catch (const std::exception& e) {  // a file-system error: this output only
      o.note = e.what();
    }
    c.outputs[target] = std::move(o);
  }

  // Free the decoded picture once its last format is written; true when the image is done.
  bool finish_format(Job& job) {
    if (--job.formats_left != 0) return false;
    std::lock_guard lock(job.mutex);
    job.image.reset();
    return true;
  }

private:
  std::optional<std::vector<Output>> cached_outputs(const Job& job) {
    if (!m_cache.enabled()) return std::nullopt;
    for (Format f : m_options.targets) {
      if (m_collisions.count(output_path(job.source, job.root, f, m_options.out_dir))) return std::nullopt;
    }
    std::vector<Output> cached;
    for (Format f : m_options.targets) {
      const std::string out = output_path(job.source, job.root, f, m_options.out_dir);
      const std::string key = util::hex64(util::hash64(job.key_base + "|" + out));
      auto entry = m_cache.get("convert-v2", key);
      Output o{f, out, 0, false, true, {}};
      int kept = 0;  // 1 kept, 0 not smaller, 2 under the quality floor (PSNR and note follow)
      std::string out_stat;
      std::istringstream in(entry.value_or(""));
      if (!entry || !(in >> kept >> o.bytes) || (kept == 1 && !(in >> out_stat)) ||
          (kept == 1 && out_stat != util::hex64(util::hash64(stat_key(out))))) {
        return std::nullopt;
      }
      o.kept = kept == 1;
      o.too_lossy = kept == 2;
      if (kept == 0) o.note = "not smaller than the source; not kept";
      if (kept == 2 && !(in >> o.psnr && std::getline(in >> std::ws, o.note))) return std::nullopt;
      cached.push_back(o);
    }
    return cached;
  }

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

  // An output not kept this time must not leave the one perfgate wrote for an older
  // version of the source in place (a viewer would be shown the old picture, and the
  // images budget would count it converted): removed when the record says perfgate
  // wrote it; a file perfgate did not write is left alone, and said.
  void remove_stale(Output& o) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(o.path, ec))) return;
    std::string bytes;
    try {
      bytes = read_all(o.path);
    } catch (const DecodeError&) {
      return;
    }
    if (m_record.get("written-v1", written_key(bytes))) {
      fs::remove(o.path, ec);
      if (!ec) o.note += " (the output perfgate wrote for an earlier version of the source was removed)";
    } else {
      o.note += " (" + o.path + " exists and perfgate did not write it: left in place)";
    }
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
  std::vector<std::unique_ptr<Converter::Job>> jobs;
  for (const auto& [source, root] : images) {
    jobs.push_back(std::make_unique<Converter::Job>());
    jobs.back()->source = source;
    jobs.back()->root = root;
    jobs.back()->formats_left = options.targets.size();
  }
  // Largest files first, so that no big picture runs alone at the end.
  std::vector<std::pair<std::uintmax_t, std::size_t>> by_size;
  for (std::size_t i = 0; i < images.size(); ++i) {
    std::error_code ec;
    const auto size = fs::file_size(images[i].first, ec);
    by_size.emplace_back(ec ? 0 : size, i);
  }
  std::stable_sort(by_size.begin(), by_size.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  // One task per image and format. The AVIF encodes (nine tenths of the work) are
  // handed out first, each image's other formats a few images later, so the short
  // WebP tasks fill the cores at the end of a batch instead of one AVIF running alone;
  // at most `lag` + jobs decoded pictures are held at once.
  const auto heavy = std::find(options.targets.begin(), options.targets.end(), Format::avif);
  const std::size_t heavy_index = heavy == options.targets.end() ? 0 : static_cast<std::size_t>(heavy - options.targets.begin());
  const std::size_t lag = std::size_t{2} * options.jobs;
  std::vector<std::pair<std::size_t, std::size_t>> tasks;  // (image, target)
  auto light = [&](std::size_t k) {
    for (std::size_t t = 0; t < options.targets.size(); ++t) {
      if (t != heavy_index) tasks.emplace_back(by_size[k].second, t);
    }
  };
  for (std::size_t k = 0; k < by_size.size(); ++k) {
    if (!options.targets.empty()) tasks.emplace_back(by_size[k].second, heavy_index);
    if (k >= lag) light(k - lag);
  }
  for (std::size_t k = by_size.size() > lag ? by_size.size() - lag : 0; k < by_size.size(); ++k) light(k);

  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  util::parallel_for(tasks.size(), options.jobs, [&](std::size_t n) {
    Converter::Job& job = *jobs[tasks[n].first];
    // After Ctrl-C or SIGTERM, only the images already begun are finished.
    if (g_stop && !job.started) return;
    if (converter.prepare(job)) converter.encode_one(job, tasks[n].second);
    if (!converter.finish_format(job)) return;
    const std::size_t finished = ++done;
    if (options.progress) {
      std::lock_guard lock(progress_mutex);
      const int width = 30;
      const int filled = static_cast<int>(width * finished / images.size());
      std::fprintf(stderr, "\r[%s%s] %zu/%zu images", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), finished, images.size());
      if (finished == images.size()) std::fputs("\n", stderr);
      std::fflush(stderr);
    }
  });
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  // After a stop, the images with a format not done are left out (what was written
  // for them is complete: every write is atomic).
  std::vector<Conversion> out;
  for (auto& job : jobs) {
    if (job->formats_left == 0) out.push_back(std::move(job->result));
  }
  return out;
}

}  // namespace imaging
