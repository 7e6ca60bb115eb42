// Load-test results: percentiles, the api: budget keys, and the units of error rates
// and throughput. The readers themselves are tested on real tool outputs end to end
// (tests/e2e/load.sh).
#include "budget/metrics.hpp"
#include "budget/threshold.hpp"
#include "sources/load.hpp"

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("nearest-rank percentiles: the smallest sample with p % at or below it") {
  std::vector<double> s;
  for (int i = 1; i <= 100; ++i) s.push_back(i);
  CHECK(sources::nearest_rank(s, 50) == 50);
  CHECK(sources::nearest_rank(s, 95) == 95);
  CHECK(sources::nearest_rank(s, 99) == 99);
  CHECK(sources::nearest_rank(s, 100) == 100);
  const std::vector<double> three{10, 20, 30};
  CHECK(sources::nearest_rank(three, 50) == 20);  // ceil(1.5) = 2nd
  CHECK(sources::nearest_rank(three, 95) == 30);
  CHECK(sources::nearest_rank({7}, 1) == 7);
  CHECK(std::isnan(sources::nearest_rank({}, 50)));
}

TEST_CASE("api: keys name endpoints as the tools group them") {
  using budget::api_key_matches;
  CHECK(api_key_matches("api:GET /v1/patients/{id}:p95", "api:GET /v1/patients/{id}:p95"));
  CHECK_FALSE(api_key_matches("api:GET /v1/patients/{id}:p95", "api:GET /v1/patients/{id}:p99"));
  CHECK_FALSE(api_key_matches("api:GET /v1/patients/{id}:p95", "api:GET /v1/patients/search:p95"));
  CHECK(api_key_matches("api:*:p95", "api:POST /v1/billing/claims/{id}/submit:p95"));
  CHECK_FALSE(api_key_matches("api:*:p95", "api:p95"));  // every endpoint, not all requests
  CHECK(api_key_matches("api:GET /v1/*:error-rate", "api:GET /v1/patients/{id}/appointments:error-rate"));
  CHECK_FALSE(api_key_matches("api:GET /v1/*:error-rate", "api:POST /v1/patients:error-rate"));
  CHECK(api_key_matches("api:throughput", "api:throughput"));
  REQUIRE(budget::find_metric("api:GET /v1/patients/{id}:p95") != nullptr);
  CHECK(budget::find_metric("api:GET /v1/patients/{id}:p95")->quantity == budget::Quantity::time);
  CHECK(budget::find_metric("api:*:error-rate")->quantity == budget::Quantity::percent);
  CHECK(budget::find_metric("api:throughput")->quantity == budget::Quantity::rate);
  CHECK(budget::find_metric("api:GET /v1/x:nonsense") == nullptr);
}

TEST_CASE("error rates take %, throughput /s or rps; neither a bare number") {
  std::string error;
  auto t = budget::parse_threshold("< 0.1 %", budget::Quantity::percent, error);
  REQUIRE(t);
  CHECK(t->value == doctest::Approx(0.1));
  CHECK(t->unit == budget::Unit::percent);
  t = budget::parse_threshold("> 1000 /s", budget::Quantity::rate, error);
  REQUIRE(t);
  CHECK(t->value == 1000);
  CHECK(budget::parse_threshold(">= 1000 rps", budget::Quantity::rate, error));
  CHECK_FALSE(budget::parse_threshold("< 0.1", budget::Quantity::percent, error));
  CHECK(error.find("%") != std::string::npos);
  CHECK_FALSE(budget::parse_threshold("< 5 %", budget::Quantity::time, error));
  CHECK_FALSE(budget::parse_threshold("> 10 ms", budget::Quantity::rate, error));
}
