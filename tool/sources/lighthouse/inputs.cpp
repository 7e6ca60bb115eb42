// What --lighthouse is given, into report files: a file, a glob, a folder of reports
// (Lighthouse CI's .lighthouseci/, whose lhr-*.json are the reports), a folder that
// `lhci upload --target=filesystem` wrote (its manifest.json lists the reports), or an
// http(s) URL (a report or a PageSpeed Insights answer, fetched). Then every report is
// parsed on `jobs` threads (report.cpp) and measured (measurements.cpp).
#include "sources/lighthouse/lighthouse.hpp"

#include "net/http.hpp"
#include "util/error.hpp"
#include "util/glob.hpp"
#include "util/json.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace sources {

namespace {

// Expand one --lighthouse input into report files (or a URL).
void expand_input(const std::string& input, std::vector<std::string>& files,
                  std::vector<Problem>& errors) {
  if (net::is_url(input)) {
    files.push_back(input);
    return;
  }
  std::error_code ec;
  if (fs::is_directory(input, ec) && fs::is_regular_file(fs::path(input) / "manifest.json", ec)) {
    // `lhci upload --target=filesystem`: manifest.json lists every report's jsonPath
    // (absolute where lhci ran; the folder may have moved since, as a CI artifact does:
    // then the file of that name in this folder).
    const std::string manifest = (fs::path(input) / "manifest.json").string();
    try {
      const util::json::JsonText text = util::json::read_file(manifest);
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      if (parser.parse(text.data(), text.size()).get(root) || !root.is_array()) {
        throw util::Error(manifest, "not an lhci manifest (an array of {url, jsonPath, ...})");
      }
      std::size_t i = 0;
      const simdjson::dom::array entries = root.get_array().value_unsafe();
      for (simdjson::dom::element entry : entries) {
        std::string_view json_path;
        if (entry["jsonPath"].get(json_path)) {
          throw util::Error(manifest, "[" + std::to_string(i) + "]: no jsonPath (not an lhci manifest)");
        }
        fs::path path(json_path);
        if (!fs::exists(path, ec)) path = fs::path(input) / path.filename();
        if (!fs::exists(path, ec)) {
          throw util::Error(manifest, "[" + std::to_string(i) + "].jsonPath: " + std::string(json_path) +
                                          " is not there, nor beside the manifest");
        }
        files.push_back(path.string());
        ++i;
      }
      if (i == 0) errors.push_back({"lighthouse", "", manifest, "the lhci manifest lists no report"});
    } catch (const util::Error& e) {
      errors.push_back({"lighthouse", "", "", e.message()});
    }
    return;
  }
  if (fs::is_directory(input, ec)) {
    // A Lighthouse CI folder (.lighthouseci/) holds lhr-*.json beside other JSON.
    std::vector<std::string> all, lhrs;
    for (const auto& entry : fs::directory_iterator(input, ec)) {
      if (!entry.is_regular_file(ec) || entry.path().extension() != ".json") continue;
      all.push_back(entry.path().string());
      if (entry.path().filename().string().rfind("lhr-", 0) == 0) lhrs.push_back(entry.path().string());
    }
    auto& chosen = lhrs.empty() ? all : lhrs;
    std::sort(chosen.begin(), chosen.end());
    if (chosen.empty()) {
      errors.push_back({"lighthouse", "", input, "directory holds no .json report"});
    }
    files.insert(files.end(), chosen.begin(), chosen.end());
    return;
  }
  if (util::has_glob_chars(input)) {
    auto matched = util::expand_glob(input);
    if (matched.empty()) {
      errors.push_back({"lighthouse", "", input, "the pattern matches no file (quote it so that perfgate, not the shell, expands it)"});
    }
    files.insert(files.end(), matched.begin(), matched.end());
    return;
  }
  files.push_back(input);
}

}  // namespace

SourceResult read_lighthouse(const std::vector<std::string>& inputs, unsigned jobs, LighthouseOptions options) {
  std::vector<std::string> files;
  std::vector<Problem> problems;
  for (const auto& input : inputs) expand_input(input, files, problems);

  std::vector<std::optional<std::vector<LighthouseReport>>> parsed(files.size());
  std::vector<std::string> failures(files.size());
  util::parallel_for(files.size(), jobs, [&](std::size_t i) {
    try {
      const bool scores = options.every_audit || options.user_timings || !options.audits.empty();
      if (net::is_url(files[i])) {
        const util::json::JsonText json(simdjson::padded_string(net::fetch_text(files[i])));
        parsed[i] = parse_lighthouse_reports(json, files[i], scores, options.served_images);
      } else {
        thread_local util::json::JsonText buffer;  // one per thread, reused report after report
        parsed[i] = parse_lighthouse_reports(util::json::read_file(files[i], buffer), files[i], scores,
                                             options.served_images);
      }
    } catch (const util::Error& e) {
      failures[i] = e.message();
    } catch (const std::bad_alloc&) {
      failures[i] = files[i] + ": out of memory reading the report";
    }
  });

  std::vector<LighthouseReport> reports;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (parsed[i]) {
      for (auto& r : *parsed[i]) reports.push_back(std::move(r));
    }
    else problems.push_back({"lighthouse", "", "", failures[i]});
  }
  SourceResult result = lighthouse_measurements(reports, options);
  for (const auto& f : files) {
    if (!net::is_url(f)) result.inputs.push_back(f);
  }
  result.errors.insert(result.errors.begin(), problems.begin(), problems.end());
  return result;
}

}  // namespace sources
