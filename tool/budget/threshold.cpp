#include "budget/threshold.hpp"

#include "util/strings.hpp"

#include <charconv>
#include <cmath>

namespace budget {

std::string_view unit_name(Unit unit) {
  switch (unit) {
    case Unit::bytes: return "bytes";
    case Unit::ms: return "ms";
    case Unit::unitless: return "unitless";
    case Unit::count: return "count";
    case Unit::percent: return "percent";
    case Unit::per_second: return "per_second";
  }
  return "unitless";
}

Unit base_unit(Quantity quantity) {
  switch (quantity) {
    case Quantity::time: return Unit::ms;
    case Quantity::size: return Unit::bytes;
    case Quantity::count: return Unit::count;
    case Quantity::percent: return Unit::percent;
    case Quantity::rate: return Unit::per_second;
    case Quantity::score:
    case Quantity::unitless:
    case Quantity::any: return Unit::unitless;
  }
  return Unit::unitless;
}

std::string_view op_text(Op op) {
  switch (op) {
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::eq: return "==";
  }
  return "<";
}

bool compare(double value, Op op, double limit) {
  switch (op) {
    case Op::lt: return value < limit;
    case Op::le: return value <= limit;
    case Op::gt: return value > limit;
    case Op::ge: return value >= limit;
    case Op::eq: return value == limit;
  }
  return false;
}

bool is_max_op(Op op) {
  return op == Op::lt || op == Op::le || op == Op::eq;
}

namespace {

struct UnitSpec {
  std::string_view name;
  Quantity quantity;
  double factor;
};

// SI sizes as size-limit writes them (kB = KB = 1000 B), binary sizes as KiB.
constexpr UnitSpec k_units[] = {
  {"ms", Quantity::time, 1},       {"s", Quantity::time, 1000},
  {"B", Quantity::size, 1},        {"kB", Quantity::size, 1e3},
  {"KB", Quantity::size, 1e3},     {"MB", Quantity::size, 1e6},
  {"GB", Quantity::size, 1e9},     {"KiB", Quantity::size, 1024},
  {"MiB", Quantity::size, 1048576}, {"GiB", Quantity::size, 1073741824},
  {"%", Quantity::percent, 1},     {"/s", Quantity::rate, 1},
  {"rps", Quantity::rate, 1},
};

std::string accepted_units(Quantity quantity) {
  switch (quantity) {
    case Quantity::time: return "times take ms or s";
    case Quantity::size: return "sizes take B, kB (= KB = 1000 B), MB, GB, KiB, MiB or GiB";
    case Quantity::score: return "scores are a bare number on Lighthouse's 0-100 scale";
    case Quantity::unitless: return "this metric takes a bare number";
    case Quantity::count: return "this metric takes a bare whole number";
    case Quantity::percent: return "a rate of errors takes % (e.g. \"< 0.1 %\")";
    case Quantity::rate: return "a throughput takes /s or rps (e.g. \"> 1000 /s\")";
    case Quantity::any: return "use ms, s, B, kB, KB, MB, KiB, MiB or a bare number";
  }
  return "";
}

// Parse "<number> [unit]" into base units for `quantity`.
std::optional<std::pair<double, Unit>> parse_amount(std::string_view text, Quantity quantity,
                                                    std::string& error) {
  text = util::trim(text);
  double number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = util::parse_double(begin, end, number);
  if (ec != std::errc() || !std::isfinite(number)) {
    error = "expected a number";
    return std::nullopt;
  }
  if (number < 0) {
    error = "a limit cannot be negative";
    return std::nullopt;
  }
  const std::string_view unit = util::trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  if (unit.empty()) {
    switch (quantity) {
      case Quantity::score:
        if (number > 100) {
          error = "a score is at most 100 (" + accepted_units(quantity) + ")";
          return std::nullopt;
        }
        if (number > 0 && number <= 1) {
          // "0.9" or "1" may mean Lighthouse's 0-1 score or a point of 100: refused, not guessed.
          error = "ambiguous score: scores are on Lighthouse's 0-100 scale (write 90, not 0.9; 100, not 1)";
          return std::nullopt;
        }
        return std::pair{number / 100.0, Unit::unitless};
      case Quantity::count:
        if (number != std::trunc(number)) {
          error = accepted_units(quantity);
          return std::nullopt;
        }
        return std::pair{number, Unit::count};
      case Quantity::percent:
      case Quantity::rate:
        // "< 0.1" could be a fraction or a percentage: the unit is required, not guessed.
        error = accepted_units(quantity);
        return std::nullopt;
      default: return std::pair{number, base_unit(quantity)};
    }
  }
  if (unit == "%" && quantity != Quantity::percent) {
    error = "a percentage is only allowed in max_increase and for error rates";
    return std::nullopt;
  }
  for (const auto& spec : k_units) {
    if (spec.name != unit) continue;
    if (spec.quantity != quantity && (quantity != Quantity::any || spec.quantity == Quantity::percent ||
                                       spec.quantity == Quantity::rate)) {
      error = "unit \"" + std::string(unit) + "\" does not fit this metric (" +
              accepted_units(quantity) + ")";
      return std::nullopt;
    }
    const double value = number * spec.factor;
    if (!std::isfinite(value)) {  // "1e308 MB": finite as written, infinite in bytes
      error = "the number is too large";
      return std::nullopt;
    }
    return std::pair{value, base_unit(spec.quantity)};
  }
  std::vector<std::string> names;
  for (const auto& spec : k_units) names.emplace_back(spec.name);
  error = "unknown unit \"" + std::string(unit) + "\"" + util::did_you_mean(unit, names) + "; " +
          accepted_units(quantity);
  return std::nullopt;
}

}  // namespace

std::optional<Threshold> parse_threshold(std::string_view text, Quantity quantity, std::string& error) {
  std::string_view rest = util::trim(text);
  Threshold t;
  t.text = std::string(rest);
  if (util::starts_with(rest, "<=")) {
    t.op = Op::le;
    rest.remove_prefix(2);
  } else if (util::starts_with(rest, ">=")) {
    t.op = Op::ge;
    rest.remove_prefix(2);
  } else if (util::starts_with(rest, "==")) {
    t.op = Op::eq;
    rest.remove_prefix(2);
  } else if (util::starts_with(rest, "<")) {
    t.op = Op::lt;
    rest.remove_prefix(1);
  } else if (util::starts_with(rest, ">")) {
    t.op = Op::gt;
    rest.remove_prefix(1);
  } else {
    error = "\"" + t.text + "\" needs an operator first: <, <=, >, >= or == (e.g. \"< 2.5 s\")";
    return std::nullopt;
  }
  std::string amount_error;
  auto amount = parse_amount(rest, quantity, amount_error);
  if (!amount) {
    error = "\"" + t.text + "\": " + amount_error;
    return std::nullopt;
  }
  t.value = amount->first;
  t.unit = amount->second;
  return t;
}

std::optional<Increase> parse_increase(std::string_view text, Quantity quantity, std::string& error) {
  std::string_view rest = util::trim(text);
  Increase inc;
  inc.text = std::string(rest);
  if (util::ends_with(rest, "%")) {
    rest.remove_suffix(1);
    double number = 0;
    const std::string_view n = util::trim(rest);
    auto [ptr, ec] = util::parse_double(n.data(), n.data() + n.size(), number);
    if (ec != std::errc() || ptr != n.data() + n.size() || !(number >= 0)) {
      error = "\"" + inc.text + "\": expected a percentage such as \"5%\"";
      return std::nullopt;
    }
    inc.percent = true;
    inc.value = number;
    return inc;
  }
  std::string amount_error;
  auto amount = parse_amount(rest, quantity, amount_error);
  if (!amount) {
    error = "\"" + inc.text + "\": " + amount_error + " (or a percentage such as \"5%\")";
    return std::nullopt;
  }
  inc.value = amount->first;
  return inc;
}

std::optional<double> parse_size(std::string_view text, std::string& error) {
  auto amount = parse_amount(text, Quantity::size, error);
  if (!amount) return std::nullopt;
  return amount->first;
}

}  // namespace budget
