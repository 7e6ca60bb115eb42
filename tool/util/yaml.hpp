// YAML configs (.lighthouserc.yml) read with yaml-cpp and handed on as JSON, so that
// every config is checked by one reader. Scalars are typed by YAML 1.2's core schema,
// as js-yaml (Lighthouse CI's reader) types them: unquoted null/~/empty, true/false,
// integers and floats are JSON values; everything quoted is a string. Merge keys
// (`<<: *base`) are applied; other tags, and .inf/.nan where a number is needed, refused.
#pragma once

#include <string>
#include <string_view>

namespace util {

// Return the YAML document `text` as JSON text. Throws util::Error naming `name`, with
// the line and column, on a syntax error, a non-scalar or duplicate mapping key, a
// document nested deeper than the JSON limit, or aliases that expand past `max_bytes`
// of JSON (a "billion laughs" file).
std::string yaml_to_json(std::string_view text, const std::string& name, std::size_t max_bytes);

}  // namespace util
