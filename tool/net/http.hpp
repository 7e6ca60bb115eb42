// HTTP(S) through libcurl: fetching a report or baseline, posting a result.
// TLS verification is always on; libcurl's status codes stop here and become
// util::Error messages that say whether it was a timeout, a refusal or a bad answer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace net {

struct HttpOptions {
  long connect_timeout_ms = 10'000;  // $PERFGATE_HTTP_CONNECT_TIMEOUT_MS
  long total_timeout_ms = 60'000;    // $PERFGATE_HTTP_TIMEOUT_MS: one attempt
  long deadline_ms = 120'000;        // $PERFGATE_HTTP_DEADLINE (seconds): every attempt and wait together
  int retries = 2;          // $PERFGATE_HTTP_RETRIES; on 429, 5xx and connection failures (a POST: 429 and refused connections only)
  long backoff_ms = 500;    // first wait between attempts; doubles; a Retry-After wins (capped at 60 s)
  long max_redirects = 5;
  std::string ca_bundle;    // $PERFGATE_CA_BUNDLE: a PEM file of trusted CAs (a company proxy); else the system's
  std::vector<std::string> headers;
};

// Return the defaults, with the environment's overrides applied.
HttpOptions default_http_options();

// Return whether `text` is an http:// or https:// URL.
bool is_url(std::string_view text);

// GET `url` and return the body. Throws util::Error naming the URL (never any
// query string value that looks like a key).
std::string fetch_text(const std::string& url, const HttpOptions& options = default_http_options());

// POST `body` as application/json to `url`; return the response body.
std::string post_json(const std::string& url, const std::string& body,
                      const HttpOptions& options = default_http_options());

// Return `url` with its credentials hidden (util::redact_secrets).
std::string redact_url(const std::string& url);

}  // namespace net
