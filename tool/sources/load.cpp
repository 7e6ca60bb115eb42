#include "sources/load.hpp"

#include "sources/k6_points.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include <zlib.h>

namespace sources {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// The whole test: a key no tool's endpoint name can be, shown as k_all_name.
const std::string k_all = "\x01";
const std::string k_all_name = "all requests";

// What one endpoint (or all requests) of one run measured. Raw samples when the tool
// wrote them; otherwise the tool's own summary figures.
struct Endpoint {
  std::vector<double> samples;              // latencies, ms
  std::map<std::string, double> summary;    // "p50", "p95", "mean", "max"... from the tool
  std::optional<double> requests;
  std::optional<double> errors;             // 5xx and requests without a response
  double no_response = 0;                   // of those, requests that got no response
  std::string no_errors_why;                // why errors is unknown, when it is
};

struct Run {
  std::string tool;
  std::map<std::string, Endpoint> endpoints;  // by name; k_all for the whole test
  std::optional<double> duration_s;
  std::optional<double> users;
};

class Bad : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

double number(element e) {
  if (e.is_double()) return e.get_double().value_unsafe();
  if (e.is_int64()) return static_cast<double>(e.get_int64().value_unsafe());
  if (e.is_uint64()) return static_cast<double>(e.get_uint64().value_unsafe());
  if (e.is_string()) {
    const std::string_view s = e.get_string().value_unsafe();
    double v = 0;
    auto [ptr, ec] = util::parse_double(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size()) return v;
  }
  throw Bad("expected a number");
}

std::string_view opt_string(element obj, std::string_view key) {
  std::string_view out;
  if (!obj.is_object() || obj.get_object().value_unsafe()[key].get(out) != simdjson::SUCCESS) return {};
  return out;
}

std::optional<double> opt_number(element obj, std::string_view key) {
  element e;
  if (!obj.is_object() || obj.get_object().value_unsafe()[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  return number(e);
}

// --- k6 ------------------------------------------------------------------------------

// A k6 trend's statistics as k6 names them ("avg", "med", "p(90)") into perfgate's.
void k6_trend(element values, Endpoint& ep) {
  if (!values.is_object()) throw Bad("a trend that is not an object");
  const object fields = values.get_object().value_unsafe();
  for (auto field : fields) {
    std::string key(field.key);
    double v = 0;
    try {
      v = number(field.value);
    } catch (const Bad&) {
      continue;
    }
    if (key == "avg") ep.summary["mean"] = v;
    else if (key == "med") ep.summary["p50"] = v;
    else if (key == "max") ep.summary["max"] = v;
    else if (key.size() > 3 && key.substr(0, 2) == "p(" && key.back() == ')') {
      std::string p = key.substr(2, key.size() - 3);  // "95", "99.9"
      std::replace(p.begin(), p.end(), '.', '_');
      ep.summary["p" + p] = v;
    }
  }
}

void read_k6_summary(element root, Run& run) {
  run.tool = "k6 summary";
  object metrics = root["metrics"].get_object();
  // handleSummary's JSON nests the figures in "values"; --summary-export does not.
  auto values = [](element m) {
    element v;
    return m.is_object() && m.get_object().value_unsafe()["values"].get(v) == simdjson::SUCCESS ? v : m;
  };
  for (auto field : metrics) {
    const std::string key(field.key);
    element m = values(field.value);
    if (key == "http_req_duration" || util::starts_with(key, "http_req_duration{name:")) {
      std::string name = key == "http_req_duration" ? k_all : key.substr(23, key.size() - 24);
      k6_trend(m, run.endpoints[name]);
    }
  }
  auto& all = run.endpoints[k_all];
  element reqs, failed, vus;
  if (metrics["http_reqs"].get(reqs) == simdjson::SUCCESS) all.requests = opt_number(values(reqs), "count");
  if (metrics["http_req_failed"].get(failed) == simdjson::SUCCESS) {
    // A rate metric: "passes" counts the requests for which http_req_failed was true.
    all.errors = opt_number(values(failed), "passes");
  }
  if (metrics["vus_max"].get(vus) == simdjson::SUCCESS) {
    run.users = opt_number(values(vus), "max") ? opt_number(values(vus), "max") : opt_number(values(vus), "value");
  }
  element state, ms;
  if (root["state"].get(state) == simdjson::SUCCESS && state["testRunDurationMs"].get(ms) == simdjson::SUCCESS) {
    run.duration_s = number(ms) / 1000;
  }
  if (!run.duration_s && all.requests) {
    if (auto rate = opt_number(values(reqs), "rate"); rate && *rate > 0) run.duration_s = *all.requests / *rate;
  }
}

// --- k6 points: streamed (sources/k6_points.hpp), never read whole ----------------------

void read_k6_points(const std::string& path, const LoadOptions& options, Run& run) {
  run.tool = "k6 points";
  k6::Options o;
  o.jobs = options.jobs;
  o.progress = options.progress;
  k6::Points points = k6::read_points(path, o);
  auto& all = run.endpoints[k_all];
  std::size_t total = 0;
  for (const auto& [name, ep] : points.endpoints) total += ep.ms.size();
  all.samples.reserve(total);
  double errors = 0;
  bool statuses = true;
  const std::string no_status = "k6 points without a status tag (--system-tags leaves it out): no error count";
  for (auto& [name, ep] : points.endpoints) {
    auto& e = run.endpoints[name];
    all.samples.insert(all.samples.end(), ep.ms.begin(), ep.ms.end());
    e.requests = static_cast<double>(ep.ms.size());
    if (ep.with_status == ep.ms.size()) {
      e.errors = static_cast<double>(ep.errors);
      errors += static_cast<double>(ep.errors);
    } else {
      e.no_errors_why = no_status;
      statuses = false;
    }
    e.samples = std::move(ep.ms);
  }
  all.requests = static_cast<double>(total);
  if (statuses) all.errors = errors;
  else all.no_errors_why = no_status;
  run.users = points.users;
  if (points.first && points.last && *points.last > *points.first) run.duration_s = *points.last - *points.first;
}

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

// --- Artillery, autocannon -----------------------------------------------------------

void read_artillery(element root, Run& run) {
  run.tool = "Artillery";
  element aggregate = root["aggregate"];
  element summaries = aggregate["summaries"], counters = aggregate["counters"];
  if (!summaries.is_object()) throw Bad("an Artillery report without aggregate.summaries (a failed run?)");
  auto trend = [](element s, Endpoint& ep) {
    const object fields = s.get_object().value_unsafe();
    for (auto f : fields) {
      const std::string k(f.key);
      if (k == "p50" || k == "p90" || k == "p95" || k == "p99" || k == "max" || k == "mean") ep.summary[k] = number(f.value);
    }
    if (auto n = opt_number(s, "count")) ep.requests = *n;
  };
  const std::string prefix = "plugins.metrics-by-endpoint.response_time.";
  const object summary_fields = summaries.get_object().value_unsafe();
  for (auto f : summary_fields) {
    const std::string k(f.key);
    if (k == "http.response_time") trend(f.value, run.endpoints[k_all]);
    else if (util::starts_with(k, prefix)) trend(f.value, run.endpoints[k.substr(prefix.size())]);
  }
  // Requests and errors: HTTP 5xx codes and errors (no response) from the counters.
  if (counters.is_object()) {
    const object counter_fields = counters.get_object().value_unsafe();
    for (auto f : counter_fields) {
      const std::string k(f.key);
      const double v = number(f.value);
      auto add_error = [&](const std::string& name, bool responded) {
        auto& ep = run.endpoints[name];
        ep.errors = ep.errors.value_or(0) + v;
        if (!responded) ep.no_response += v;
      };
      if (k == "http.requests") run.endpoints[k_all].requests = v;
      else if (util::starts_with(k, "http.codes.5")) add_error(k_all, true);
      else if (util::starts_with(k, "errors.")) add_error(k_all, false);
      else if (util::starts_with(k, "plugins.metrics-by-endpoint.")) {
        const std::string rest = k.substr(28);
        auto codes = rest.rfind(".codes.5"), errors = rest.rfind(".errors.");
        if (codes != std::string::npos) add_error(rest.substr(0, codes), true);
        else if (errors != std::string::npos) add_error(rest.substr(0, errors), false);
      }
    }
  }
  for (auto& [name, ep] : run.endpoints) {
    if (!ep.errors) ep.errors = 0;
    // metrics-by-endpoint's response times count responses only: a request that got
    // none is a request too (http.requests counts them for the whole test).
    if (name != k_all && ep.requests) ep.requests = *ep.requests + ep.no_response;
  }
  auto first = opt_number(aggregate, "firstMetricAt"), last = opt_number(aggregate, "lastMetricAt");
  if (!first) first = opt_number(aggregate, "firstCounterAt");
  if (!last) last = opt_number(aggregate, "lastCounterAt");
  if (first && last && *last > *first) run.duration_s = (*last - *first) / 1000;
}

void read_autocannon(element root, Run& run) {
  run.tool = "autocannon";
  const std::string_view url = opt_string(root, "url"), title = opt_string(root, "title");
  std::string path(url);
  if (auto scheme = path.find("://"); scheme != std::string::npos) {
    const auto slash = path.find('/', scheme + 3);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  // autocannon's JSON does not say the method: the endpoint is its --title ("POST
  // /v1/imaging", "GET /v1/patients/{id}"), else the path alone — never a guessed method.
  const std::string name = title.empty() ? path : std::string(title);
  element latency = root["latency"];
  for (auto& key : {k_all, name}) {
    auto& ep = run.endpoints[key];
    if (auto v = opt_number(latency, "p50")) ep.summary["p50"] = *v;
    if (auto v = opt_number(latency, "p90")) ep.summary["p90"] = *v;
    if (auto v = opt_number(latency, "p99")) ep.summary["p99"] = *v;
    if (auto v = opt_number(latency, "average")) ep.summary["mean"] = *v;
    if (auto v = opt_number(latency, "max")) ep.summary["max"] = *v;
    double responses = 0;
    for (std::string_view k : {"1xx", "2xx", "3xx", "4xx", "5xx"}) responses += opt_number(root, k).value_or(0);
    const double no_response = opt_number(root, "errors").value_or(0);
    ep.requests = responses + no_response;
    ep.errors = opt_number(root, "5xx").value_or(0) + no_response;
    ep.no_response = no_response;
  }
  run.duration_s = opt_number(root, "duration");
  run.users = opt_number(root, "connections");
}

// --- CSV: Locust stats, JMeter JTL ---------------------------------------------------

// Split one CSV record (RFC 4180 quoting) starting at `at`; advance `at` past it.
std::vector<std::string> csv_record(std::string_view text, std::size_t& at) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (at < text.size()) {
    const char c = text[at++];
    if (quoted) {
      if (c == '"' && at < text.size() && text[at] == '"') {
        fields.back() += '"';
        ++at;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
};

Csv parse_csv(std::string_view text) {
  Csv csv;
  std::size_t at = 0;
  csv.header = csv_record(text, at);
  while (at < text.size()) {
    auto row = csv_record(text, at);
    if (row.size() == 1 && row[0].empty()) continue;
    csv.rows.push_back(std::move(row));
  }
  return csv;
}

void read_locust(const Csv& csv, Run& run) {
  run.tool = "Locust";
  const int type = csv.column("Type"), name = csv.column("Name"), count = csv.column("Request Count"),
            failures = csv.column("Failure Count"), mean = csv.column("Average Response Time"),
            max = csv.column("Max Response Time");
  for (const char* needed : {"Type", "Name", "Request Count", "Failure Count", "50%", "95%", "99%"}) {
    if (csv.column(needed) < 0) throw Bad(std::string("a Locust stats CSV without its \"") + needed + "\" column");
  }
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    if (row.size() != csv.header.size()) throw Bad("row " + std::to_string(r + 2) + " has " + std::to_string(row.size()) + " fields, the header " + std::to_string(csv.header.size()));
    const bool aggregated = row[static_cast<std::size_t>(name)] == "Aggregated";
    const std::string key = aggregated ? k_all : row[static_cast<std::size_t>(type)] + " " + row[static_cast<std::size_t>(name)];
    auto& ep = run.endpoints[key];
    auto cell = [&](int c) -> std::optional<double> {
      if (c < 0) return std::nullopt;
      const std::string& s = row[static_cast<std::size_t>(c)];
      if (s.empty() || s == "N/A") return std::nullopt;
      double v = 0;
      auto [ptr, ec] = util::parse_double(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || ptr != s.data() + s.size()) throw Bad("row " + std::to_string(r + 2) + ": \"" + s + "\" is not a number");
      return v;
    };
    ep.requests = cell(count);
    ep.errors = cell(failures);
    for (auto [col, stat] : {std::pair{"50%", "p50"}, {"90%", "p90"}, {"95%", "p95"}, {"99%", "p99"}}) {
      if (auto v = cell(csv.column(col))) ep.summary[stat] = *v;
    }
    if (auto v = cell(mean)) ep.summary["mean"] = *v;
    if (auto v = cell(max)) ep.summary["max"] = *v;
  }
  if (!run.endpoints.count(k_all)) throw Bad("a Locust stats CSV without its \"Aggregated\" row (a run that was cut short?)");
  // Requests/s of the Aggregated row is requests over the run's time: the duration.
  const int rps = csv.column("Requests/s");
  for (const auto& row : csv.rows) {
    if (rps >= 0 && row[static_cast<std::size_t>(csv.column("Name"))] == "Aggregated") {
      const double r = std::atof(row[static_cast<std::size_t>(rps)].c_str());
      const double n = run.endpoints[k_all].requests.value_or(0);
      if (r > 0 && n > 0) run.duration_s = n / r;
    }
  }
}

// Locust writes the users over time beside the stats (PREFIX_stats_history.csv).
void read_locust_users(const std::string& stats_path, Run& run) {
  const auto at = stats_path.rfind("_stats.csv");
  if (at == std::string::npos || at + 10 != stats_path.size()) return;
  const std::string history = stats_path.substr(0, at) + "_stats_history.csv";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(history, ec)) return;
  util::json::JsonText text = util::json::read_file(history);
  const Csv csv = parse_csv(std::string_view(text.data(), text.size()));
  const int users = csv.column("User Count");
  if (users < 0) return;
  for (const auto& row : csv.rows) {
    if (static_cast<std::size_t>(users) < row.size()) run.users = std::max(run.users.value_or(0), std::atof(row[static_cast<std::size_t>(users)].c_str()));
  }
}

void add_sample(Run& run, const std::string& label, double ms, bool error) {
  for (const std::string& key : {label, k_all}) {
    auto& ep = run.endpoints[key];
    ep.samples.push_back(ms);
    ep.requests = ep.requests.value_or(0) + 1;
    ep.errors = ep.errors.value_or(0) + (error ? 1 : 0);
  }
}

// JMeter counts a sample an error by its assertions; the SLA counts 5xx and no response.
bool jmeter_error(std::string_view code) {
  int c = 0;
  auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), c);
  return ec != std::errc() || ptr != code.data() + code.size() || c >= 500;
}

void read_jmeter_csv(const Csv& csv, Run& run, bool headerless) {
  run.tool = "JMeter (CSV)";
  int ts = csv.column("timeStamp"), elapsed = csv.column("elapsed"), label = csv.column("label"),
      code = csv.column("responseCode"), threads = csv.column("allThreads");
  if (headerless) {
    // jmeter.save.saveservice.print_field_names=false (JMeter 2.x's default): the default
    // columns, whose first four are the same in every version.
    ts = 0, elapsed = 1, label = 2, code = 3;
    threads = csv.header.size() == 12 ? 10 : csv.header.size() >= 16 ? 12 : -1;
  }
  if (ts < 0 || elapsed < 0 || label < 0 || code < 0) throw Bad("a JMeter CSV needs timeStamp, elapsed, label and responseCode columns");
  double first = 0, last = 0;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    if (row.size() != csv.header.size()) throw Bad("row " + std::to_string(r + (headerless ? 1 : 2)) + " has " + std::to_string(row.size()) + " fields, the " + (headerless ? "first row " : "header ") + std::to_string(csv.header.size()) + " (a truncated file?)");
    double start = 0, ms = 0;
    const std::string &s = row[static_cast<std::size_t>(ts)], &e = row[static_cast<std::size_t>(elapsed)];
    if (util::parse_double(s.data(), s.data() + s.size(), start).ec != std::errc() ||
        util::parse_double(e.data(), e.data() + e.size(), ms).ec != std::errc()) {
      throw Bad("row " + std::to_string(r + 2) + ": timeStamp or elapsed is not a number");
    }
    first = r == 0 ? start : std::min(first, start);
    last = r == 0 ? start + ms : std::max(last, start + ms);
    add_sample(run, row[static_cast<std::size_t>(label)], ms, jmeter_error(row[static_cast<std::size_t>(code)]));
    if (threads >= 0) {
      double n = 0;
      const std::string& t = row[static_cast<std::size_t>(threads)];
      if (util::parse_double(t.data(), t.data() + t.size(), n).ec == std::errc()) run.users = std::max(run.users.value_or(0), n);
    }
  }
  if (last > first) run.duration_s = (last - first) / 1000;
}

std::string xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto semi = s.find(';', i);
    const std::string_view entity = s.substr(i + 1, semi == std::string_view::npos ? 0 : semi - i - 1);
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

void read_jmeter_xml(std::string_view text, Run& run) {
  run.tool = "JMeter (XML)";
  double first = 0, last = 0;
  int depth = 0;
  std::size_t samples = 0, at = 0;
  while ((at = text.find('<', at)) != std::string_view::npos) {
    const auto end = text.find('>', at);
    if (end == std::string_view::npos) throw Bad("an element is not closed (a truncated file?)");
    std::string_view tag = text.substr(at + 1, end - at - 1);
    at = end + 1;
    const bool closing = !tag.empty() && tag[0] == '/';
    const std::string_view name = tag.substr(closing ? 1 : 0, tag.find_first_of(" \t\r\n/", closing ? 1 : 0) - (closing ? 1 : 0));
    if (name != "httpSample" && name != "sample") continue;
    if (closing) {
      --depth;
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (depth == 0) {
      auto attr = [&](std::string_view key) -> std::optional<std::string> {
        const std::string needle = " " + std::string(key) + "=\"";
        const auto p = tag.find(needle);
        if (p == std::string_view::npos) return std::nullopt;
        const auto q = tag.find('"', p + needle.size());
        return xml_unescape(tag.substr(p + needle.size(), q - p - needle.size()));
      };
      const auto t = attr("t"), lb = attr("lb"), rc = attr("rc"), ts = attr("ts");
      if (!t || !lb || !ts) throw Bad("a sample without t, lb or ts");
      double ms = 0, start = 0;
      if (util::parse_double(t->data(), t->data() + t->size(), ms).ec != std::errc() ||
          util::parse_double(ts->data(), ts->data() + ts->size(), start).ec != std::errc()) {
        throw Bad("a sample whose t or ts is not a number");
      }
      first = samples == 0 ? start : std::min(first, start);
      last = samples == 0 ? start + ms : std::max(last, start + ms);
      ++samples;
      add_sample(run, *lb, ms, jmeter_error(rc.value_or("")));
      if (auto na = attr("na")) run.users = std::max(run.users.value_or(0), std::atof(na->c_str()));
    }
    if (!self_closing) ++depth;
  }
  if (text.find("</testResults>") == std::string_view::npos) throw Bad("no </testResults>: a truncated file, or a run still writing");
  if (last > first) run.duration_s = (last - first) / 1000;
}

// --- recognition -----------------------------------------------------------------------

Run read_one(const std::string& path, const LoadOptions& options) {
  Run run;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && k6::looks_like_points(peek(path))) {
    read_k6_points(path, options, run);
    return run;
  }
  util::json::JsonText text = util::json::read_file(path);
  const std::string_view data(text.data(), text.size());
  const std::size_t start = data.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos) throw Bad("empty");
  const std::string_view head = data.substr(start, 4096);
  if (head[0] == '<') {
    if (head.find("<testResults") == std::string_view::npos) throw Bad("XML, but not a JMeter results file (no <testResults>)");
    read_jmeter_xml(data, run);
  } else if (head[0] == '{') {
    {
      simdjson::dom::parser parser;
      element root;
      if (auto e = parser.parse(data.data(), data.size()).get(root)) throw Bad("not JSON: " + util::json::describe(e));
      if (!root.is_object()) throw Bad("JSON, but not an object");
      object o = root.get_object().value_unsafe();
      element x;
      if (o["aggregate"].get(x) == simdjson::SUCCESS) read_artillery(root, run);
      else if (o["latency"].get(x) == simdjson::SUCCESS && o["requests"].get(x) == simdjson::SUCCESS) read_autocannon(root, run);
      else if (o["metrics"].get(x) == simdjson::SUCCESS) {
        element d;
        if (x["http_req_duration"].get(d) != simdjson::SUCCESS) throw Bad("a k6 summary without http_req_duration: the run made no HTTP request");
        read_k6_summary(root, run);
      } else {
        throw Bad("JSON, but not a load-test result perfgate knows (k6, Artillery, autocannon)");
      }
    }
  } else {
    Csv csv = parse_csv(data.substr(start));
    auto digits = [](const std::string& f) { return !f.empty() && f.find_first_not_of("0123456789") == std::string::npos; };
    const bool jmeter_headerless = csv.header.size() >= 12 && csv.header[0].size() == 13 && digits(csv.header[0]) && digits(csv.header[1]);
    if (csv.column("Request Count") >= 0 && csv.column("Name") >= 0) {
      read_locust(csv, run);
      read_locust_users(path, run);
    } else if (csv.column("timeStamp") >= 0 && csv.column("elapsed") >= 0) {
      read_jmeter_csv(csv, run, false);
    } else if (jmeter_headerless) {
      csv.rows.insert(csv.rows.begin(), csv.header);
      read_jmeter_csv(csv, run, true);
    }
    else if (csv.column("User Count") >= 0) throw Bad("a Locust history CSV: give the _stats.csv of the run");
    else throw Bad("not a load-test result perfgate knows (k6, Locust, Artillery, autocannon, JMeter)");
  }
  if (!run.endpoints.count(k_all) || run.endpoints[k_all].requests.value_or(0) <= 0) {
    throw Bad("the run made no request (an empty or failed run)");
  }
  return run;
}

}  // namespace

double nearest_rank(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nan("");
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

SourceResult read_load(const std::vector<std::string>& files, const LoadOptions& options) {
  SourceResult out;
  out.source = "load";
  std::map<std::string, std::string> seen;  // endpoint -> file
  for (const auto& file : files) {
    Run run;
    try {
      run = read_one(file, options);
    } catch (const Bad& e) {
      out.errors.push_back({"load", file, file, e.what()});
      continue;
    } catch (const util::Error& e) {
      out.errors.push_back({"load", file, e.where(), e.what()});
      continue;
    } catch (const simdjson::simdjson_error& e) {
      out.errors.push_back({"load", file, file, std::string("unexpected JSON: ") + e.what()});
      continue;
    }
    // An endpoint named like the whole run would be read as it in every report.
    const auto clash = std::find_if(run.endpoints.begin(), run.endpoints.end(), [](const auto& e) {
      return e.first != k_all && util::starts_with(e.first, k_all_name);
    });
    if (clash != run.endpoints.end()) {
      out.errors.push_back({"load", file, file,
                            "an endpoint named \"" + clash->first + "\" clashes with perfgate's name for the whole run (\"" +
                                k_all_name + "\"): name it otherwise in the test"});
      continue;
    }
    for (auto& [name, ep] : run.endpoints) {
      const std::string subject = name != k_all ? name : files.size() > 1 ? k_all_name + " (" + file + ")" : k_all_name;
      if (auto other = seen.find(subject); other != seen.end()) {
        out.errors.push_back({"load", subject, file, "endpoint \"" + name + "\" is in " + other->second + " too: give each endpoint once"});
        continue;
      }
      seen[subject] = file;
      Subject s;
      s.name = subject;
      s.origins = {file};
      s.tool = run.tool;
      out.subjects.push_back(s);
      const std::string prefix = name == k_all ? "api:" : "api:" + name + ":";
      auto add = [&](const std::string& stat, std::optional<double> value, budget::Unit unit, std::string note = {}) {
        Measurement m;
        m.metric = prefix + stat;
        m.subject = subject;
        m.value = value;
        m.unit = unit;
        m.origin = file;
        m.note = std::move(note);
        out.measurements.push_back(std::move(m));
      };
      std::sort(ep.samples.begin(), ep.samples.end());
      for (const char* stat : {"p50", "p90", "p95", "p99", "mean", "max"}) {
        std::optional<double> v;
        std::string note;
        if (!ep.samples.empty()) {
          const std::string st(stat);
          if (st == "mean") {
            double sum = 0;
            for (double x : ep.samples) sum += x;
            v = sum / static_cast<double>(ep.samples.size());
          } else if (st == "max") {
            v = ep.samples.back();
          } else {
            v = nearest_rank(ep.samples, std::atof(stat + 1));
          }
        } else if (ep.no_response > 0 && (run.tool == "Artillery" || run.tool == "autocannon")) {
          // These tools leave requests that got no response (timeouts above all) out of
          // their latency histograms: a slow endpoint whose slowest requests timed out
          // would pass its percentile budgets. Not a value to trust.
          note = std::to_string(static_cast<long long>(ep.no_response)) + " request(s) got no response and are not in " +
                 run.tool + "'s latencies, so its " + stat + " understates; raise the tool's timeout, or gate on JMeter/k6 raw samples";
        } else if (auto it = ep.summary.find(stat); it != ep.summary.end()) {
          v = it->second;
        } else {
          note = "the " + run.tool + " result has no " + stat +
                 (run.tool == "k6 summary" ? ": add it to summaryTrendStats, or give the --out json points"
                  : run.tool == "autocannon" ? ": autocannon prints p50, p90, p97.5 and p99"
                                              : "");
        }
        add(stat, v, budget::Unit::ms, note);
      }
      add("requests", ep.requests, budget::Unit::count, ep.requests ? "" : run.tool + " does not count requests here");
      std::optional<double> rate;
      if (ep.errors && ep.requests && *ep.requests > 0) rate = 100.0 * *ep.errors / *ep.requests;
      add("error-rate", rate, budget::Unit::percent,
          rate ? "" : !ep.no_errors_why.empty() ? ep.no_errors_why : run.tool + " result has no error count for it");
      if (name == k_all) {
        std::optional<double> throughput;
        if (run.duration_s && *run.duration_s > 0 && ep.requests) throughput = *ep.requests / *run.duration_s;
        add("throughput", throughput, budget::Unit::per_second, throughput ? "" : "the run's duration is not in the result");
        add("users", run.users, budget::Unit::count, run.users ? "" : run.tool + " result does not say how many users");
        std::optional<double> duration_ms;
        if (run.duration_s) duration_ms = *run.duration_s * 1000;
        add("duration", duration_ms, budget::Unit::ms, duration_ms ? "" : "the run's duration is not in the result");
      }
    }
  }
  return out;
}

}  // namespace sources
