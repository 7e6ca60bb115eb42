// Load-test results (--load): k6 points and summaries, Locust CSV, Artillery and
// autocannon JSON, JMeter JTL CSV and XML, recognised by content. read_load takes paths,
// so each input is written to one scratch file of this process first.
#include "sources/load/load.hpp"
#include "targets.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/perfgate-fuzz-load-" + std::to_string(::getpid()) + ".txt";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  // Errors are results (one line per file), never exceptions or crashes.
  const sources::SourceResult r = sources::read_load({path});
  for (const auto& m : r.measurements) {
    if (m.metric.rfind("api:", 0) != 0) __builtin_trap();
  }
  return 0;
}
