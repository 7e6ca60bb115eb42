#include "budget/threshold.hpp"

#include <doctest/doctest.h>

using namespace budget;

namespace {
Threshold parse(const char* text, Quantity q) {
  std::string error;
  auto t = parse_threshold(text, q, error);
  REQUIRE_MESSAGE(t.has_value(), error);
  return *t;
}
std::string error_of(const char* text, Quantity q) {
  std::string error;
  auto t = parse_threshold(text, q, error);
  CHECK_FALSE(t.has_value());
  return error;
}
}  // namespace

TEST_CASE("budget::parse_threshold") {
  SUBCASE("times as the SLA writes them") {
    auto t = parse("< 2.5 s", Quantity::time);
    CHECK(t.op == Op::lt);
    CHECK(t.value == 2500);
    CHECK(t.unit == Unit::ms);
    CHECK(parse("<300 ms", Quantity::time).value == 300);
    CHECK(parse("<= 1500", Quantity::time).value == 1500);  // bare number: base unit
  }
  SUBCASE("sizes: kB = KB = 1000 B, KiB = 1024 B") {
    CHECK(parse("< 500 KB", Quantity::size).value == 500'000);
    CHECK(parse("< 500 kB", Quantity::size).value == 500'000);
    CHECK(parse("< 500 KiB", Quantity::size).value == 512'000);
    CHECK(parse("< 1.5 MB", Quantity::size).value == 1'500'000);
    CHECK(parse("< 2 MiB", Quantity::size).value == 2'097'152);
    CHECK(parse("< 10 B", Quantity::size).value == 10);
  }
  SUBCASE("scores on Lighthouse's 0-100 scale become 0-1") {
    auto t = parse(">= 90", Quantity::score);
    CHECK(t.op == Op::ge);
    CHECK(t.value == doctest::Approx(0.9));
    CHECK(parse("> 90", Quantity::score).op == Op::gt);
  }
  SUBCASE("unitless and counts") {
    CHECK(parse("< 0.1", Quantity::unitless).value == doctest::Approx(0.1));
    CHECK(parse("== 0", Quantity::count).op == Op::eq);
  }
  SUBCASE("errors say what is accepted") {
    CHECK(error_of("2.5 s", Quantity::time).find("operator") != std::string::npos);
    CHECK(error_of("< 2.5 sec", Quantity::time).find("unknown unit \"sec\"") != std::string::npos);
    CHECK(error_of("< 500 kb", Quantity::size).find("did you mean") != std::string::npos);
    CHECK(error_of("< 500 KB", Quantity::time).find("does not fit") != std::string::npos);
    CHECK(error_of(">= 0.9", Quantity::score).find("0-100") != std::string::npos);
    CHECK(error_of(">= 120", Quantity::score).find("at most 100") != std::string::npos);
    CHECK(error_of("< -1 s", Quantity::time).find("negative") != std::string::npos);
    CHECK(error_of("< 1e400 ms", Quantity::time).find("number") != std::string::npos);
    CHECK(error_of("< 1.5 ", Quantity::count).find("whole number") != std::string::npos);
    CHECK(error_of("<", Quantity::time).find("number") != std::string::npos);
  }
}

TEST_CASE("budget::compare") {
  CHECK(compare(2499, Op::lt, 2500));
  CHECK_FALSE(compare(2500, Op::lt, 2500));
  CHECK(compare(2500, Op::le, 2500));
  CHECK(compare(0.9, Op::ge, 0.9));
  CHECK_FALSE(compare(0.9, Op::gt, 0.9));
  CHECK(compare(0, Op::eq, 0));
  CHECK(is_max_op(Op::lt));
  CHECK_FALSE(is_max_op(Op::ge));
}

TEST_CASE("budget::parse_increase") {
  std::string error;
  auto pct = parse_increase("5%", Quantity::size, error);
  REQUIRE(pct);
  CHECK(pct->percent);
  CHECK(pct->value == 5);
  auto abs = parse_increase("10 KB", Quantity::size, error);
  REQUIRE(abs);
  CHECK_FALSE(abs->percent);
  CHECK(abs->value == 10'000);
  CHECK_FALSE(parse_increase("five%", Quantity::size, error));
}

TEST_CASE("budget::parse_threshold refuses what it cannot hold or would guess") {
  std::string error;
  // Finite as written, infinite once in bytes (a fuzzing finding).
  CHECK_FALSE(budget::parse_threshold("< 1e308 MB", budget::Quantity::size, error));
  CHECK(error.find("too large") != std::string::npos);
  // 1 may be Lighthouse's perfect score or one point of 100: refused, as 0.9 is.
  CHECK_FALSE(budget::parse_threshold(">= 1", budget::Quantity::score, error));
  CHECK(error.find("ambiguous") != std::string::npos);
  CHECK(budget::parse_threshold(">= 100", budget::Quantity::score, error));
  CHECK(budget::parse_threshold(">= 0", budget::Quantity::score, error));
}
