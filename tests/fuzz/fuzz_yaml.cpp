// YAML configs (.lighthouserc.yml): yaml-cpp's parser and perfgate's conversion to
// JSON, then the lighthouserc reader on the result. The JSON made from any YAML must
// be valid JSON (simdjson parses it), or the conversion must refuse with util::Error.
#include "budget/budget.hpp"
#include "budget/importers.hpp"
#include "targets.hpp"
#include "util/error.hpp"
#include "util/yaml.hpp"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Debugging aid: $PERFGATE_FUZZ_LAST names a file that always holds the input being run
  // (an out-of-memory kill can leave libFuzzer unable to write its artifact).
  if (const char* last = std::getenv("PERFGATE_FUZZ_LAST")) {
    if (std::FILE* f = std::fopen(last, "wb")) {
      std::fwrite(data, 1, size, f);
      std::fclose(f);
    }
  }
  std::string json;
  try {
    json = util::yaml_to_json(text, "fuzz.yml", std::size_t{1} << 20);
  } catch (const util::Error&) {
    return 0;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json).get(root)) std::abort();  // the conversion wrote something that is not JSON
  try {
    if (auto b = budget::import_foreign_budget("/nonexistent/.lighthouserc.yml", json)) {
      for (const auto& rule : b->rules) {
        if (!rule.info) std::abort();
      }
    }
  } catch (const util::Error&) {
  }
  return 0;
}
