// JMeter's results as XML (jmeter.save.saveservice.output_format=xml): <testResults>
// holding <httpSample>/<sample> elements, sub-samples nested inside their parent.
// Parsed by expat, streamed from the file in blocks (gzipped too): memory is the
// samples, whatever the file's size. The requests of the run are its samplers' samples,
// as JMeter's Summariser counts them: the top-level ones, and the children of a
// Transaction Controller that generated a parent sample. A sampler's own sub-samples
// (embedded resources, redirect hops) are part of it, not counted again. A transaction
// controller's sample is its own endpoint (a transaction's time), not a request.
#include "sources/load/run.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <expat.h>
#include <zlib.h>

#include <algorithm>
#include <exception>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <sys/stat.h>

namespace sources::load {

namespace {

struct State {
  Run* run = nullptr;
  XML_Parser parser = nullptr;
  int depth = 0;         // element depth
  int sample_depth = 0;  // samples open
  bool in_transaction = false;  // the open top-level sample is a transaction controller's
  bool root_seen = false;
  std::size_t transactions = 0;
  std::size_t samples = 0;
  double first = 0, last = 0;
  std::string error;  // set by a handler; parsing stops
  std::exception_ptr failure;  // an exception in a handler, rethrown once expat has returned
};

// A sample's number: the common case parsed in place; anything else goes to figure()
// with the line, which says what is wrong (the line's text is made only then).
double number(const State& s, const char* text, const char* field) {
  const std::size_t n = std::strlen(text);
  double v = 0;
  const auto [ptr, ec] = util::parse_double(text, text + n, v);
  if (n > 0 && ec == std::errc() && ptr == text + n && std::isfinite(v) && v >= 0) return v;
  return figure(text, "line " + std::to_string(XML_GetCurrentLineNumber(s.parser)) + ", " + field);
}

bool is_sample(const XML_Char* name) { return !std::strcmp(name, "httpSample") || !std::strcmp(name, "sample"); }

void on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto& s = *static_cast<State*>(data);
  if (!s.error.empty()) return;
  auto line = [&] { return "line " + std::to_string(XML_GetCurrentLineNumber(s.parser)); };
  if (s.depth++ == 0) {
    if (std::strcmp(name, "testResults") != 0) {
      s.error = line() + ": XML, but not a JMeter results file (its root is <" + std::string(name) + ">, not <testResults>)";
      XML_StopParser(s.parser, XML_FALSE);
    }
    s.root_seen = true;
    return;
  }
  if (!is_sample(name)) return;
  const int level = s.sample_depth++;
  if (level > 1 || (level == 1 && !s.in_transaction)) return;  // a sub-sample: part of its sampler
  const char *t = nullptr, *lb = nullptr, *rc = nullptr, *ts = nullptr, *na = nullptr, *rm = nullptr;
  for (int i = 0; attrs[i]; i += 2) {
    const char* k = attrs[i];
    const char** slot = !std::strcmp(k, "t") ? &t : !std::strcmp(k, "lb") ? &lb : !std::strcmp(k, "rc") ? &rc
                        : !std::strcmp(k, "ts") ? &ts : !std::strcmp(k, "na") ? &na : !std::strcmp(k, "rm") ? &rm : nullptr;
    if (slot) *slot = attrs[i + 1];  // expat refuses an attribute given twice
  }
  try {
    if (!t || !lb || !ts) throw Bad(line() + ": a sample without t, lb or ts");
    const double ms = number(s, t, "t");
    const double start = number(s, ts, "ts");
    if (level == 0) s.in_transaction = rm && jmeter_transaction(rm);
    if (level == 0 && s.in_transaction) {
      ++s.transactions;
      add_to_endpoint(*s.run, lb, ms, jmeter_error(rc ? rc : ""));
      return;
    }
    s.first = s.samples == 0 ? start : std::min(s.first, start);
    s.last = s.samples == 0 ? start + ms : std::max(s.last, start + ms);
    ++s.samples;
    add_sample(*s.run, lb, ms, jmeter_error(rc ? rc : ""));
    double active = -1;
    if (na) {
      active = number(s, na, "na");
      s.run->users = std::max(s.run->users.value_or(0), active);
    }
    if (s.run->keep_timeline) s.run->timeline.push_back({start, ms, static_cast<float>(active), jmeter_error(rc ? rc : "")});
  } catch (const Bad& e) {
    s.error = e.what();
  } catch (...) {
    // Never through expat's C frames: kept, and rethrown after XML_ParseBuffer returns.
    s.failure = std::current_exception();
    s.error = "failed";
  }
  if (!s.error.empty()) XML_StopParser(s.parser, XML_FALSE);
}

void on_end(void* data, const XML_Char* name) {
  auto& s = *static_cast<State*>(data);
  --s.depth;
  if (s.depth > 0 && is_sample(name)) --s.sample_depth;
}

}  // namespace

void read_jmeter_xml(const std::string& path, Run& run) {
  run.tool = "JMeter (XML)";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw util::Error(path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw util::Error(path, "not a regular file");
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw util::Error(path, std::string("cannot open: ") + std::strerror(errno));
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate(nullptr), XML_ParserFree);
  if (!parser) throw std::bad_alloc();
  State state;
  state.run = &run;
  state.parser = parser.get();
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  constexpr int k_block = 1 << 20;
  for (;;) {
    void* buffer = XML_GetBuffer(parser.get(), k_block);
    if (!buffer) throw std::bad_alloc();
    const int got = gzread(file.get(), buffer, k_block);
    if (got < 0) throw util::Error(path, "cannot read (a damaged gzip stream?)");
    const bool done = got == 0;
    if (done) {
      // zlib reports a stream cut before its trailer as the end of the data, not an error.
      int code = Z_OK;
      gzerror(file.get(), &code);
      if (code == Z_BUF_ERROR) throw util::Error(path, "the gzip stream is cut short (a truncated file?)");
    }
    if (XML_ParseBuffer(parser.get(), got, done) == XML_STATUS_ERROR) {
      if (state.failure) std::rethrow_exception(state.failure);
      if (!state.error.empty()) throw Bad(state.error);
      const XML_Error code = XML_GetErrorCode(parser.get());
      std::string why = XML_ErrorString(code);
      if (code == XML_ERROR_NO_ELEMENTS || code == XML_ERROR_UNCLOSED_TOKEN) {
        why += ": a truncated file, or a run still writing";
      }
      throw Bad("line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ", column " +
                std::to_string(XML_GetCurrentColumnNumber(parser.get())) + ": not well-formed XML (" + why + ")");
    }
    if (done) break;
  }
  if (!state.root_seen) throw Bad("no <testResults>: a truncated file, or a run still writing");
  if (state.samples == 0 && state.transactions > 0) jmeter_only_transactions();
  if (state.last > state.first) run.duration_s = (state.last - state.first) / 1000;
}

}  // namespace sources::load
