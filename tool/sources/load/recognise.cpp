// Which reader takes a load-test result: the family's one recognition table. A file is
// recognised by its content, never its name: k6 points by their first line, then by the
// first character (XML, JSON or CSV) and what the tool always writes. A file no reader
// takes gets one message listing what was tried.
#include "sources/load/csv.hpp"
#include "sources/load/k6_stream.hpp"
#include "sources/load/run.hpp"

#include "util/json.hpp"

#include <zlib.h>

#include <filesystem>

namespace sources::load {

using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// What recognition looks at: the first bytes (gunzipped), and the whole file parsed as
// JSON or CSV where its first character says it is one.
struct Input {
  const std::string& path;
  std::string_view head;
  element json = {};  // when the file is a JSON object
  const Csv* csv = nullptr;
};

bool has(element e, std::string_view key) {
  element x;
  return e.is_object() && e.get_object().value_unsafe()[key].get(x) == simdjson::SUCCESS;
}

bool digits(const std::string& f) { return !f.empty() && f.find_first_not_of("0123456789") == std::string::npos; }

enum class Kind { points, xml, json, csv };

struct Reader {
  const char* name;  // as the "tried" list shows it
  Kind kind;
  bool (*takes)(const Input&);
  void (*read)(const Input&, const LoadOptions&, Run&);
};

// Refusals with a reason of their own: a known file that is not a result.
void refuse_k6_without_requests(const Input&, const LoadOptions&, Run&) {
  throw Bad("a k6 summary without http_req_duration: the run made no HTTP request");
}
void refuse_locust_history(const Input&, const LoadOptions&, Run&) {
  throw Bad("a Locust history CSV: give the _stats.csv of the run");
}

constexpr Reader k_readers[] = {
    {"k6 points (--out json)", Kind::points, [](const Input&) { return true; },
     [](const Input& in, const LoadOptions& o, Run& run) { read_k6_points(in.path, o, run); }},
    {"JMeter JTL (XML)", Kind::xml, [](const Input& in) { return in.head.find("<testResults") != std::string_view::npos; },
     [](const Input& in, const LoadOptions&, Run& run) { read_jmeter_xml(in.path, run); }},
    {"Artillery report", Kind::json, [](const Input& in) { return has(in.json, "aggregate"); },
     [](const Input& in, const LoadOptions&, Run& run) { read_artillery(in.json, run); }},
    {"autocannon --json", Kind::json, [](const Input& in) { return has(in.json, "latency") && has(in.json, "requests"); },
     [](const Input& in, const LoadOptions&, Run& run) { read_autocannon(in.json, run); }},
    {"k6 summary", Kind::json, [](const Input& in) { return has(in.json, "metrics") && has(in.json["metrics"], "http_req_duration"); },
     [](const Input& in, const LoadOptions&, Run& run) { read_k6_summary(in.json, run); }},
    {"k6 summary", Kind::json, [](const Input& in) { return has(in.json, "metrics"); }, refuse_k6_without_requests},
    {"Locust stats CSV", Kind::csv, [](const Input& in) { return in.csv->column("Request Count") >= 0 && in.csv->column("Name") >= 0; },
     [](const Input& in, const LoadOptions&, Run& run) { read_locust(*in.csv, in.path, run); }},
    {"JMeter JTL (CSV)", Kind::csv, [](const Input& in) { return in.csv->column("timeStamp") >= 0 && in.csv->column("elapsed") >= 0; },
     [](const Input& in, const LoadOptions&, Run& run) { read_jmeter_csv(*in.csv, run, false); }},
    // jmeter.save.saveservice.print_field_names=false (JMeter 2.x): no header, a
    // 13-digit millisecond time stamp first.
    {"JMeter JTL (CSV, no header)", Kind::csv,
     [](const Input& in) {
       const auto& h = in.csv->header;
       return h.size() >= 12 && h[0].size() == 13 && digits(h[0]) && digits(h[1]);
     },
     [](const Input& in, const LoadOptions&, Run& run) {
       Csv csv = *in.csv;
       csv.rows.insert(csv.rows.begin(), csv.header);
       csv.lines.insert(csv.lines.begin(), 1);
       read_jmeter_csv(csv, run, true);
     }},
    {"Locust history CSV", Kind::csv, [](const Input& in) { return in.csv->column("User Count") >= 0; }, refuse_locust_history},
};

// The first bytes of `path`, gunzipped when it is gzip; empty when it cannot be read
// (read_file then says why).
std::string peek(const std::string& path) {
  std::string head(64 * 1024, '\0');
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return {};
  const int got = gzread(f, head.data(), static_cast<unsigned>(head.size()));
  gzclose(f);
  head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return head;
}

// Anything that is neither k6 points, XML nor JSON is tried as CSV: a file no CSV
// reader takes has been tried by every reader.
[[noreturn]] void nothing_takes(Kind kind, const std::string& what) {
  std::string tried;
  for (const auto& r : k_readers) {
    if (r.kind != kind && kind != Kind::csv) continue;
    if (tried.find(r.name) != std::string::npos) continue;
    tried += tried.empty() ? "" : ", ";
    tried += r.name;
  }
  throw Bad((what.empty() ? std::string() : what + ", but ") + "not a load-test result perfgate knows (tried: " + tried + ")");
}

Run run_reader(Kind kind, const Input& in, const LoadOptions& options, const std::string& what) {
  for (const auto& r : k_readers) {
    if (r.kind != kind || !r.takes(in)) continue;
    Run run;
    run.keep_timeline = options.capacity.has_value() || options.series;
    r.read(in, options, run);
    return run;
  }
  nothing_takes(kind, what);
}

Run recognise_and_read(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const std::string head_text = regular ? peek(path) : std::string();
  if (regular && k6::looks_like_points(head_text)) return run_reader(Kind::points, {path, head_text}, options, "");
  const std::size_t head_start = head_text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (head_start != std::string::npos && head_text[head_start] == '<') {
    return run_reader(Kind::xml, {path, std::string_view(head_text).substr(head_start)}, options, "XML");
  }
  // JSON and CSV results are read whole (bounded by --max-json-size).
  util::json::JsonText text = util::json::read_file(path);
  const std::string_view data(text.data(), text.size());
  const std::size_t start = data.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos) throw Bad("empty");
  if (data[start] == '<') throw Bad("XML, but not a JMeter results file (no <testResults>)");
  if (data[start] == '{') {
    simdjson::dom::parser parser;
    element root;
    if (auto e = parser.parse(data.data(), data.size()).get(root)) throw Bad("not JSON: " + util::json::describe(e));
    refuse_duplicate_keys(root);
    Input in{path, data.substr(start, 4096), root};
    return run_reader(Kind::json, in, options, "JSON");
  }
  const Csv csv = parse_csv(data.substr(start));
  Input in{path, data.substr(start, 4096)};
  in.csv = &csv;
  return run_reader(Kind::csv, in, options, "");
}

}  // namespace

Run read_run(const std::string& path, const LoadOptions& options) {
  Run run = recognise_and_read(path, options);
  if (!run.endpoints.count(k_all) || run.endpoints[k_all].requests.value_or(0) <= 0) {
    throw Bad("the run made no request (an empty or failed run)");
  }
  return run;
}

}  // namespace sources::load
