// JMeter's results as CSV (a .jtl with jmeter.save.saveservice.output_format=csv, the
// default): one row per top-level sample, as JMeter's Summariser counts them. CSV never
// holds sub-results (embedded resources, redirect hops: their parent's row stands for
// them). A Transaction Controller's row is its own endpoint (a transaction's time), and
// not a request of the whole run: its samplers have rows of their own.
#include "sources/load/csv.hpp"
#include "sources/load/run.hpp"

#include <algorithm>

namespace sources::load {

void read_jmeter_csv(const Csv& csv, Run& run, bool headerless) {
  run.tool = "JMeter (CSV)";
  int ts = csv.column("timeStamp"), elapsed = csv.column("elapsed"), label = csv.column("label"),
      code = csv.column("responseCode"), message = csv.column("responseMessage"), threads = csv.column("allThreads");
  if (headerless) {
    // jmeter.save.saveservice.print_field_names=false (JMeter 2.x's default): the default
    // columns, whose first five are the same in every version.
    ts = 0, elapsed = 1, label = 2, code = 3, message = 4;
    threads = csv.header.size() == 12 ? 10 : csv.header.size() >= 16 ? 12 : -1;
  }
  if (ts < 0 || elapsed < 0 || label < 0 || code < 0) throw Bad("a JMeter CSV needs timeStamp, elapsed, label and responseCode columns");
  double first = 0, last = 0;
  std::size_t requests = 0;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const std::string line = "line " + std::to_string(csv.lines[r]);
    if (row.size() != csv.header.size()) {
      throw Bad(line + " has " + std::to_string(row.size()) + " fields, the " + (headerless ? "first row " : "header ") +
                std::to_string(csv.header.size()) + " (a truncated file?)");
    }
    const double start = figure(row[static_cast<std::size_t>(ts)], line + ", timeStamp");
    const double ms = figure(row[static_cast<std::size_t>(elapsed)], line + ", elapsed");
    const bool error = jmeter_error(row[static_cast<std::size_t>(code)]);
    if (message >= 0 && jmeter_transaction(row[static_cast<std::size_t>(message)])) {
      // A transaction's elapsed is the sum of its samplers', its time stamp not theirs.
      add_to_endpoint(run, row[static_cast<std::size_t>(label)], ms, error);
      continue;
    }
    first = requests == 0 ? start : std::min(first, start);
    last = requests == 0 ? start + ms : std::max(last, start + ms);
    ++requests;
    add_sample(run, row[static_cast<std::size_t>(label)], ms, error);
    double active = -1;
    if (threads >= 0) {
      active = figure(row[static_cast<std::size_t>(threads)], line + ", allThreads");
      run.users = std::max(run.users.value_or(0), active);
    }
    if (run.keep_timeline) run.timeline.push_back({start, ms, static_cast<float>(active), error});
  }
  if (requests == 0 && !csv.rows.empty()) jmeter_only_transactions();
  if (last > first) run.duration_s = (last - first) / 1000;
}

}  // namespace sources::load
