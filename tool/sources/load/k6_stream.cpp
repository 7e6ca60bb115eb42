#include "sources/load/k6_stream.hpp"

#include "budget/units.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

#include <simdjson.h>
#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace sources::k6 {

namespace {

constexpr std::size_t k_max_line = std::size_t{64} << 20;
constexpr std::size_t k_padding = simdjson::SIMDJSON_PADDING;

// --- reading bytes -----------------------------------------------------------------

// The file's bytes, gunzipped when it starts with gzip's magic.
class Reader {
public:
  explicit Reader(const std::string& path) : m_path(path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      throw util::Error(path, errno == ENOENT ? "no such file" : std::string("cannot read the file (") + std::strerror(errno) + ")");
    }
    if (S_ISDIR(st.st_mode)) throw util::Error(path, "is a directory, not a load-test result");
    if (!S_ISREG(st.st_mode)) throw util::Error(path, "is not a regular file (a pipe, socket or device)");
    m_total = static_cast<std::uint64_t>(st.st_size);
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) throw util::Error(path, std::string("cannot open the file (") + std::strerror(errno) + ")");
    unsigned char magic[2] = {0, 0};
    if (::pread(m_fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      const int fd = ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
      m_gz = fd < 0 ? nullptr : gzdopen(fd, "rb");
      if (!m_gz) {
        if (fd >= 0) ::close(fd);
        throw util::Error(path, "cannot start gzip decompression");
      }
      gzbuffer(m_gz, 1 << 20);
    }
  }
  ~Reader() {
    if (m_gz) gzclose(m_gz);
    if (m_fd >= 0) ::close(m_fd);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Read up to `n` bytes into `dst`; 0 at the end.
  std::size_t read(char* dst, std::size_t n) {
    if (m_gz) {
      const int got = gzread(m_gz, dst, static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30)));
      int code = Z_OK;
      const char* message = gzerror(m_gz, &code);
      if (got < 0 || (code != Z_OK && code != Z_STREAM_END)) {
        std::string what = message && *message ? message : "error";
        if (what.rfind("<fd:", 0) == 0 && what.find(": ") != std::string::npos) what = what.substr(what.find(": ") + 2);
        throw util::Error(m_path, "is gzip-compressed but corrupt or truncated (zlib: " + what + ")");
      }
      m_consumed.store(static_cast<std::uint64_t>(std::max<z_off_t>(0, gzoffset(m_gz))), std::memory_order_relaxed);
      return static_cast<std::size_t>(got);
    }
    for (;;) {
      const ssize_t got = ::read(m_fd, dst, n);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw util::Error(m_path, std::string("cannot read the file (") + std::strerror(errno) + ")");
      m_consumed.fetch_add(static_cast<std::uint64_t>(got), std::memory_order_relaxed);
      return static_cast<std::size_t>(got);
    }
  }
  bool gzipped() const { return m_gz != nullptr; }
  std::uint64_t consumed() const { return m_consumed.load(std::memory_order_relaxed); }
  std::uint64_t total() const { return m_total; }

private:
  std::string m_path;
  int m_fd = -1;
  gzFile m_gz = nullptr;
  std::uint64_t m_total = 0;
  std::atomic<std::uint64_t> m_consumed{0};  // read by the progress line
};

// A run of whole lines (the last one may lack its line break at the end of the file),
// with simdjson's padding after it.
struct Block {
  std::size_t index = 0;
  std::unique_ptr<char[]> data;
  std::size_t capacity = 0;  // bytes usable, padding not included
  std::size_t size = 0;
};

// What one block held.
struct BlockResult {
  std::unordered_map<std::string, EndpointSamples> endpoints;
  std::optional<double> first, last, users;
  std::vector<TimedSample> timeline;
  std::vector<std::pair<double, double>> vus;
  std::uint64_t lines = 0;    // line breaks
  std::uint64_t samples = 0;
  std::uint64_t error_line = 0;  // 1-based within the block; 0 = no error
  std::string error;
};

using util::json::describe;

// --- parsing one block ---------------------------------------------------------------

class BlockParser {
public:
  BlockResult parse(const Block& block) {
    BlockResult out;
    const char* const begin = block.data.get();
    const char* const end = begin + block.size;
    // Lines and the longest one: iterate_many needs a batch larger than any document.
    std::size_t longest = 0;
    for (const char* p = begin; p < end;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl : end;
      longest = std::max(longest, static_cast<std::size_t>(stop - p));
      if (!nl) break;
      ++out.lines;
      p = nl + 1;
    }
    auto fail = [&](std::size_t offset, std::string what) {
      out.error_line = 1 + static_cast<std::uint64_t>(std::count(begin, begin + std::min(offset, block.size), '\n'));
      out.error = std::move(what);
      return out;
    };
    const std::size_t batch = std::max<std::size_t>(std::size_t{1} << 20, longest + 64);
    simdjson::ondemand::document_stream stream;
    if (auto e = m_parser.iterate_many(begin, block.size, batch).get(stream)) return fail(0, describe(e));
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      simdjson::ondemand::document_reference doc;
      if (auto e = (*it).get(doc)) {
        // Found while indexing a whole batch: the offset may be the batch's start.
        // Each line parsed on its own names the one at fault.
        auto [offset, what] = first_bad_line(begin, block.size, it.current_index());
        return fail(offset, what.empty() ? "not JSON (" + describe(e) + ")" : what);
      }
      std::string problem;
      try {
        problem = point(doc, begin + block.size, out);
      } catch (const simdjson::simdjson_error& e) {
        problem = std::string("not a k6 point (") + e.what() + ")";
      }
      if (!problem.empty()) return fail(it.current_index(), problem);
    }
    if (stream.truncated_bytes() > 0) {
      return fail(block.size - stream.truncated_bytes(),
                  "not a complete JSON object (a cut file, or a run still writing)");
    }
    return out;
  }

private:
  // The first line from `from` on that is not valid JSON on its own: its offset and
  // simdjson's word for it; {from, ""} when every line parses.
  std::pair<std::size_t, std::string> first_bad_line(const char* begin, std::size_t size, std::size_t from) {
    from = std::min(from, size);
    while (from > 0 && begin[from - 1] != '\n') --from;  // the start of its line
    simdjson::dom::parser parser;
    for (std::size_t at = from; at < size;) {
      const char* nl = static_cast<const char*>(std::memchr(begin + at, '\n', size - at));
      const std::size_t stop = nl ? static_cast<std::size_t>(nl - begin) : size;
      const std::string_view line(begin + at, stop - at);
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
        simdjson::dom::element e;
        if (auto err = parser.parse(simdjson::padded_string(line)).get(e)) return {at, "not JSON (" + describe(err) + ")"};
      }
      at = stop + 1;
    }
    return {from, ""};
  }

  static bool wanted(std::string_view metric) { return metric == "http_req_duration" || metric == "vus"; }

  // One line: {"metric":…,"type":"Point","data":{…}} in any key order.
  std::string point(simdjson::ondemand::document_reference doc, const char* padded_end, BlockResult& out) {
    simdjson::ondemand::object obj;
    if (auto e = doc.get_object().get(obj)) return "not a JSON object (" + describe(e) + ")";
    std::string_view type, metric, data_raw;
    bool data_done = false, has_metric = false, has_type = false, has_data = false;
    for (auto field : obj) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return describe(e);
      // A key twice: JSON readers disagree on which one counts, so neither is believed.
      bool& seen = key == "metric" ? has_metric : key == "type" ? has_type : has_data;
      if (key == "metric" || key == "type" || key == "data") {
        if (seen) return "\"" + std::string(key) + "\" twice in one point";
        seen = true;
      }
      if (key == "metric") {
        if (field.value().get_string().get(metric)) return "\"metric\" is not a string";
        m_metric.assign(metric);  // the string buffer is reused by later fields
        metric = m_metric;
      } else if (key == "type") {
        if (field.value().get_string().get(type)) return "\"type\" is not a string";
        m_type.assign(type);
        type = m_type;
      } else if (key == "data") {
        if (!metric.empty() && !type.empty()) {
          if (type != "Point" || !wanted(metric)) continue;  // skipped unread
          simdjson::ondemand::object data;
          if (field.value().get_object().get(data)) return "\"data\" is not an object";
          std::string problem = sample(data, metric, out);
          if (!problem.empty()) return problem;
          data_done = true;
        } else {
          // k6 before 0.48 wrote "metric" after "data": keep the text, read it after.
          simdjson::ondemand::object data;
          if (field.value().get_object().get(data) || data.raw_json().get(data_raw)) return "\"data\" is not an object";
        }
      }
    }
    if (type != "Point" || !wanted(metric) || data_done) return {};
    if (data_raw.empty()) return "a " + std::string(metric) + " point without \"data\"";
    // data_raw lies inside the block, whose padding follows it.
    simdjson::ondemand::document d;
    const std::size_t capacity = static_cast<std::size_t>(padded_end - data_raw.data()) + k_padding;
    if (auto e = m_data_parser.iterate(data_raw.data(), data_raw.size(), capacity).get(d)) return describe(e);
    simdjson::ondemand::object data;
    if (d.get_object().get(data)) return "\"data\" is not an object";
    return sample(data, metric, out);
  }

  std::string sample(simdjson::ondemand::object data, std::string_view metric, BlockResult& out) {
    double value = 0;
    bool has_value = false;
    std::string_view time;
    m_time.clear();
    m_method.clear();
    m_name.clear();
    int status = 0;
    bool has_status = false, has_time = false, has_tags = false;
    for (auto field : data) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return describe(e);
      if (key == "value") {
        if (has_value) return "\"value\" twice in one " + std::string(metric) + " point";
        if (field.value().get_double().get(value)) return "a " + std::string(metric) + " point whose value is not a number";
        has_value = true;
      } else if (key == "time") {
        if (has_time) return "\"time\" twice in one point";
        has_time = true;
        if (field.value().get_string().get(time)) return "a point whose time is not a string";
        m_time.assign(time);
      } else if (key == "tags" && metric == "http_req_duration") {
        if (has_tags) return "\"tags\" twice in one point";
        has_tags = true;
        bool has_method = false, has_name = false, has_status_tag = false;
        simdjson::ondemand::object tags;
        auto v = field.value();
        bool null = false;
        if (v.is_null().get(null)) return "a point whose tags are not an object";
        if (null) continue;
        if (v.get_object().get(tags)) return "a point whose tags are not an object";
        for (auto tag : tags) {
          std::string_view k, s;
          if (tag.unescaped_key().get(k)) return "a tag that is not a string";
          if (k != "method" && k != "name" && k != "status") continue;
          bool& tag_seen = k == "method" ? has_method : k == "name" ? has_name : has_status_tag;
          if (tag_seen) return "the tag \"" + std::string(k) + "\" twice in one point";
          tag_seen = true;
          if (tag.value().get_string().get(s)) continue;  // k6 writes strings; anything else is no tag
          if (k == "method") m_method.assign(s);
          else if (k == "name") m_name.assign(s);
          else {
            has_status = true;
            status = 0;
            for (char c : s) status = c >= '0' && c <= '9' && status < 1000 ? status * 10 + (c - '0') : 1000;
          }
        }
      }
    }
    if (!has_value) return "a " + std::string(metric) + " point without a value";
    if (metric == "vus") {
      if (!std::isfinite(value) || value < 0) return "a vus point whose value is not a count of users";
      out.users = std::max(out.users.value_or(value), value);
      if (m_timeline) {
        if (auto t = parse_time(m_time)) out.vus.emplace_back(*t, value);
      }
      return {};
    }
    if (!std::isfinite(value) || value < 0) return "an http_req_duration point whose value is not a duration";
    const auto t = parse_time(m_time);
    if (t) {
      out.first = std::min(out.first.value_or(*t), *t);
      out.last = std::max(out.last.value_or(*t), *t);
    }
    m_key.clear();
    // A name tag that already says the method ("GET /v1/x") is not prefixed twice.
    const bool named_with_method = !m_method.empty() && m_name.size() > m_method.size() &&
                                   m_name.compare(0, m_method.size(), m_method) == 0 && m_name[m_method.size()] == ' ';
    if (!m_method.empty() && !named_with_method) {
      m_key += m_method;
      m_key += ' ';
    }
    m_key += m_name;
    auto it = out.endpoints.find(m_key);
    if (it == out.endpoints.end()) it = out.endpoints.emplace(m_key, EndpointSamples{}).first;
    it->second.ms.push_back(value);
    const bool error = has_status && (status == 0 || status >= 500);
    if (has_status) {
      ++it->second.with_status;
      if (error) ++it->second.errors;
    }
    if (m_timeline && t) out.timeline.push_back({*t, value, error});
    ++out.samples;
    return {};
  }

  simdjson::ondemand::parser m_parser;
  simdjson::ondemand::parser m_data_parser;
  std::string m_metric, m_type, m_time, m_method, m_name, m_key;

public:
  bool m_timeline = false;
};

}  // namespace

bool looks_like_points(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const auto start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  head.remove_prefix(start);
  const auto nl = head.find('\n');
  const std::string_view first = head.substr(0, nl);
  return !first.empty() && first.front() == '{' &&
         (first.find("\"type\":\"Point\"") != std::string_view::npos ||
          first.find("\"type\":\"Metric\"") != std::string_view::npos);
}

Points read_points(const std::string& path, const Options& options) {
  Reader reader(path);
  const unsigned jobs = std::clamp(options.jobs, 1u, 64u);
  const std::size_t in_flight = jobs * 2;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Block> todo;
  std::vector<Block> spare;
  std::map<std::size_t, BlockResult> done;
  std::size_t produced = 0, busy = 0;
  bool eof = false, stop = false;
  std::exception_ptr failure;
  std::uint64_t bytes = 0;

  auto producer = [&] {
    try {
      std::string carry;
      bool first = true;
      for (;;) {
        Block block;
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return stop || todo.size() + busy + done.size() < in_flight; });
          if (stop) return;
          if (!spare.empty()) {
            block = std::move(spare.back());
            spare.pop_back();
          }
        }
        if (block.capacity > options.block_bytes * 4 && carry.size() < options.block_bytes) block.capacity = 0;  // a grown spare
        // Room for the carried start of a line and more, never past the longest line.
        const std::size_t want = std::min(std::max(options.block_bytes, carry.size() * 2), k_max_line);
        if (block.capacity < want) {
          block.capacity = want;
          block.data.reset(new char[block.capacity + k_padding]);
        }
        std::memcpy(block.data.get(), carry.data(), carry.size());
        block.size = carry.size();
        carry.clear();
        bool end = false;
        const char* nl = nullptr;
        for (;;) {
          while (block.size < block.capacity) {
            const std::size_t got = reader.read(block.data.get() + block.size, block.capacity - block.size);
            if (got == 0) {
              end = true;
              break;
            }
            block.size += got;
          }
          nl = static_cast<const char*>(memrchr(block.data.get(), '\n', block.size));
          if (nl || end) break;
          if (block.capacity >= k_max_line) throw util::Error(path, "a line longer than 64 MB: not k6 points");
          const std::size_t grown = std::min(block.capacity * 2, k_max_line);
          std::unique_ptr<char[]> bigger(new char[grown + k_padding]);
          std::memcpy(bigger.get(), block.data.get(), block.size);
          block.data = std::move(bigger);
          block.capacity = grown;
        }
        if (first) {
          // A byte-order mark (PowerShell's redirection writes one) is not JSON.
          first = false;
          if (block.size >= 3 && std::memcmp(block.data.get(), "\xEF\xBB\xBF", 3) == 0) {
            std::memmove(block.data.get(), block.data.get() + 3, block.size - 3);
            block.size -= 3;
            if (nl) nl -= 3;
          }
        }
        if (!end) {
          const std::size_t keep = static_cast<std::size_t>(nl + 1 - block.data.get());
          carry.assign(block.data.get() + keep, block.size - keep);
          block.size = keep;
        }
        std::memset(block.data.get() + block.size, 0, k_padding);
        std::lock_guard lock(mutex);
        bytes += block.size;
        if (block.size > 0) {
          block.index = produced++;
          todo.push_back(std::move(block));
        }
        if (end) eof = true;
        changed.notify_all();
        if (end) return;
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      eof = true;
      changed.notify_all();
    }
  };

  auto worker = [&] {
    BlockParser parser;
    parser.m_timeline = options.timeline;
    for (;;) {
      Block block;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || !todo.empty() || eof; });
        if (stop || todo.empty()) return;
        block = std::move(todo.front());
        todo.pop_front();
        ++busy;
      }
      BlockResult result;
      try {
        result = parser.parse(block);
      } catch (const std::exception& e) {
        result.error_line = 1;
        result.error = e.what();
      }
      std::lock_guard lock(mutex);
      --busy;
      done.emplace(block.index, std::move(result));
      spare.push_back(std::move(block));
      changed.notify_all();
    }
  };

  // Whatever ends this function (an error, bad_alloc while merging, a thread that
  // cannot start), every thread is told to stop and joined first.
  std::vector<std::thread> threads;
  struct Joiner {
    std::vector<std::thread>& threads;
    std::mutex& mutex;
    std::condition_variable& changed;
    bool& stop;
    ~Joiner() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      changed.notify_all();
      for (auto& t : threads) {
        if (t.joinable()) t.join();
      }
    }
  } joiner{threads, mutex, changed, stop};
  threads.emplace_back(producer);
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);

  Points points;
  std::string error;
  std::uint64_t samples = 0;
  auto shown = std::chrono::steady_clock::now();
  {
    std::unique_lock lock(mutex);
    for (std::size_t next = 0;;) {
      changed.wait_for(lock, std::chrono::milliseconds(250), [&] {
        return done.count(next) || failure || (eof && next == produced);
      });
      if (options.progress && std::chrono::steady_clock::now() - shown > std::chrono::milliseconds(250)) {
        shown = std::chrono::steady_clock::now();
        std::fprintf(stderr, "\r\033[Kperfgate: reading %s: %s of %s%s", path.c_str(), budget::human_bytes(static_cast<double>(reader.consumed())).c_str(),
                     budget::human_bytes(static_cast<double>(reader.total())).c_str(), reader.gzipped() ? " (gzip)" : "");
        std::fflush(stderr);
      }
      if (failure) break;
      auto it = done.find(next);
      if (it == done.end()) {
        if (eof && next == produced) break;
        continue;
      }
      BlockResult r = std::move(it->second);
      done.erase(it);
      ++next;
      changed.notify_all();
      lock.unlock();
      if (!r.error.empty()) {
        error = "line " + std::to_string(points.lines + r.error_line) + ": " + r.error;
        lock.lock();
        break;
      }
      points.lines += r.lines;
      samples += r.samples;
      if (samples > options.max_samples) {
        error = "more than " + std::to_string(options.max_samples) +
                " http_req_duration points; perfgate keeps every one for exact percentiles: give the run in parts, "
                "or its --summary-export";
        lock.lock();
        break;
      }
      if (r.first) points.first = std::min(points.first.value_or(*r.first), *r.first);
      if (r.last) points.last = std::max(points.last.value_or(*r.last), *r.last);
      if (r.users) points.users = std::max(points.users.value_or(*r.users), *r.users);
      points.timeline.insert(points.timeline.end(), r.timeline.begin(), r.timeline.end());
      points.vus.insert(points.vus.end(), r.vus.begin(), r.vus.end());
      for (auto& [name, ep] : r.endpoints) {
        auto& into = points.endpoints[name];
        if (into.ms.empty()) into.ms = std::move(ep.ms);
        else into.ms.insert(into.ms.end(), ep.ms.begin(), ep.ms.end());
        into.errors += ep.errors;
        into.with_status += ep.with_status;
      }
      lock.lock();
    }
    stop = true;
    changed.notify_all();
  }
  for (auto& t : threads) t.join();
  threads.clear();
  if (options.progress) std::fprintf(stderr, "\r\033[K");
  if (failure) std::rethrow_exception(failure);
  if (!error.empty()) throw util::Error(path, error);
  points.bytes = bytes;
  if (bytes == 0) throw util::Error(path, "is empty");
  if (points.endpoints.empty()) {
    throw util::Error(path, "no http_req_duration points: not a k6 run of HTTP requests, or an empty run");
  }
  return points;
}

}  // namespace sources::k6
