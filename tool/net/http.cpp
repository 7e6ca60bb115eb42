#include "net/http.hpp"

#include "util/error.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"

#include "net/curl_library.hpp"
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace net {

PERFGATE_LIBRARY_LOADER(Curl, libcurl, PERFGATE_SONAME_CURL, "fetching a URL", PERFGATE_PACKAGE_CURL, PERFGATE_CURL_FUNCTIONS)

namespace {

// ": <message>" from a JSON error body ({"error": {"message": …}}, as Google's APIs —
// PageSpeed Insights among them — answer), or "" for any other body.
std::string error_message(const std::string& body) {
  if (body.empty() || body.size() > 65536 || body.find('{') == std::string::npos) return {};
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view message;
  if (parser.parse(body).get(root) || root["error"]["message"].get(message)) return {};
  if (message.size() > 300) message = message.substr(0, 300);
  return ": " + std::string(message);
}

struct Body {
  std::string data;
  std::uint64_t limit = 0;
  bool too_large = false;
  long retry_after_s = -1;  // from a Retry-After header in seconds
};

std::size_t on_header(char* ptr, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::string_view line(ptr, size * count);
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size()) {
    std::string head(line.substr(0, name.size()));
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == name) {
      const std::string value(line.substr(name.size()));
      char* end = nullptr;
      const long seconds = std::strtol(value.c_str(), &end, 10);
      if (end != value.c_str() && seconds >= 0) body->retry_after_s = seconds;
    }
  }
  return size * count;
}

std::size_t on_data(char* ptr, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (body->data.size() + n > body->limit) {
    body->too_large = true;
    return 0;  // aborts the transfer
  }
  body->data.append(ptr, n);
  return n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { libcurl().curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string origin_only(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "(the --post URL)";
  std::string authority = url.substr(scheme + 3, url.find_first_of("/?#", scheme + 3) - (scheme + 3));
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  return url.substr(0, scheme + 3) + authority + "/…";
}

bool retryable_status(long status) {
  return status == 429 || (status >= 500 && status <= 599);
}

std::string request(const std::string& url, const std::string* post_body, const HttpOptions& options) {
  global_init();
  // A webhook's secret is often its path (Slack, Discord): a POST shows only where it went.
  const std::string shown = post_body ? origin_only(url) : redact_url(url);
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.deadline_ms);
  auto left_ms = [&] {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
  };
  auto out_of_time = [&](const std::string& last) {
    return util::Error(shown, "no answer within the overall deadline of " + std::to_string(options.deadline_ms / 1000) +
                                  " s (" + last + "); raise it with $PERFGATE_HTTP_DEADLINE (seconds)");
  };
  const bool https = url.rfind("https://", 0) == 0;
  long backoff = options.backoff_ms;
  for (int attempt = 0;; ++attempt) {
    const long left = left_ms();
    if (left <= 0) throw out_of_time("no attempt left");
    CURL* curl = libcurl().curl_easy_init();
    if (!curl) throw util::Error(shown, "cannot start an HTTP client (libcurl init failed)");
    Body body;
    body.limit = util::limits().max_http_bytes;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_slist* headers = nullptr;
    for (const auto& h : options.headers) headers = libcurl().curl_slist_append(headers, h.c_str());
    if (post_body) headers = libcurl().curl_slist_append(headers, "Content-Type: application/json");
    libcurl().curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    // A POST body is never sent again to where a redirect points (307/308 would).
    libcurl().curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, post_body ? 0L : 1L);
    libcurl().curl_easy_setopt(curl, CURLOPT_MAXREDIRS, options.max_redirects);
    const long attempt_ms = std::min(options.total_timeout_ms, left);
    libcurl().curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(options.connect_timeout_ms, attempt_ms));
    libcurl().curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, attempt_ms);
    libcurl().curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    libcurl().curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_bundle.empty()) libcurl().curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_bundle.c_str());
    libcurl().curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // Never from HTTPS down to plain HTTP. The _STR options came in libcurl 7.85 and
    // deprecate the bitmask ones; Debian 11's libcurl (7.74: the portable build) has only
    // the bitmask.
#if LIBCURL_VERSION_NUM >= 0x075500
    libcurl().curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    libcurl().curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
#else
    libcurl().curl_easy_setopt(curl, CURLOPT_PROTOCOLS, long{CURLPROTO_HTTP | CURLPROTO_HTTPS});
    libcurl().curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, https ? long{CURLPROTO_HTTPS} : long{CURLPROTO_HTTP | CURLPROTO_HTTPS});
#endif
    libcurl().curl_easy_setopt(curl, CURLOPT_USERAGENT, "perfgate/" PERFGATE_VERSION);
    libcurl().curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    libcurl().curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    libcurl().curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    libcurl().curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    libcurl().curl_easy_setopt(curl, CURLOPT_HEADERDATA, &body);
    libcurl().curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    if (headers) libcurl().curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (post_body) {
      libcurl().curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->data());
      libcurl().curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
    }
    const CURLcode code = libcurl().curl_easy_perform(curl);
    long status = 0;
    libcurl().curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    libcurl().curl_slist_free_all(headers);
    libcurl().curl_easy_cleanup(curl);

    std::string problem;
    bool retry = false;
    if (body.too_large) {
      throw util::Error(shown, "the response is larger than " + std::to_string(body.limit) +
                                   " bytes (raise the cap with --max-http-size)");
    }
    switch (code) {
      case CURLE_OK:
        if (status >= 200 && status < 300) return std::move(body.data);
        problem = "the server answered HTTP " + std::to_string(status) + error_message(body.data);
        if (post_body && status >= 300 && status < 400) problem += " (a redirect; a POST is not re-sent: give the final URL)";
        // A POST is retried only when the server says it did not take it (429).
        retry = post_body ? status == 429 : retryable_status(status);
        break;
      case CURLE_OPERATION_TIMEDOUT:
        problem = "timed out (connect limit " + std::to_string(options.connect_timeout_ms) +
                  " ms, attempt limit " + std::to_string(attempt_ms) + " ms)";
        retry = !post_body;
        break;
      case CURLE_COULDNT_CONNECT:
        problem = "connection refused";
        retry = true;  // nothing was sent
        break;
      case CURLE_COULDNT_RESOLVE_HOST: problem = "cannot resolve the host name"; break;
      case CURLE_TOO_MANY_REDIRECTS:
        problem = "more than " + std::to_string(options.max_redirects) + " redirects (a redirect loop?)";
        break;
      case CURLE_UNSUPPORTED_PROTOCOL:
        problem = https ? "a redirect from HTTPS to another protocol (plain HTTP?) was refused"
                        : std::string("request failed: ") + (error_buffer[0] ? error_buffer : libcurl().curl_easy_strerror(code));
        break;
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
        problem = std::string("TLS certificate verification failed: ") + error_buffer;
        break;
      default:
        problem = std::string("request failed: ") + (error_buffer[0] ? error_buffer : libcurl().curl_easy_strerror(code));
        retry = !post_body && (code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING);
    }
    if (left_ms() <= 0) throw out_of_time(problem);
    if (!retry || attempt >= options.retries) {
      if (attempt > 0) problem += " (after " + std::to_string(attempt + 1) + " attempts)";
      throw util::Error(shown, problem);
    }
    const long wait = body.retry_after_s >= 0 ? std::min(body.retry_after_s, 60L) * 1000 : backoff;
    if (wait >= left_ms()) throw out_of_time(problem + "; the next attempt would start after it");
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    backoff *= 2;
  }
}

}  // namespace

HttpOptions default_http_options() {
  HttpOptions o;
  // A setting that is not a whole number in range is an error, never ignored.
  auto env = [](const char* name, long fallback, long min, long max) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(v, &end, 10);
    if (errno != 0 || !end || *end != 0 || n < min || n > max) {
      throw util::Error(std::string("$") + name, "\"" + std::string(v) + "\" is not a whole number from " +
                                                     std::to_string(min) + " to " + std::to_string(max));
    }
    return n;
  };
  constexpr long k_day_ms = 86'400'000;
  o.connect_timeout_ms = env("PERFGATE_HTTP_CONNECT_TIMEOUT_MS", o.connect_timeout_ms, 1, k_day_ms);
  o.total_timeout_ms = env("PERFGATE_HTTP_TIMEOUT_MS", o.total_timeout_ms, 1, k_day_ms);
  o.retries = static_cast<int>(env("PERFGATE_HTTP_RETRIES", o.retries, 0, 100));
  o.backoff_ms = env("PERFGATE_HTTP_BACKOFF_MS", o.backoff_ms, 0, k_day_ms);
  o.deadline_ms = env("PERFGATE_HTTP_DEADLINE", o.deadline_ms / 1000, 1, 86'400) * 1000;
  if (const char* ca = std::getenv("PERFGATE_CA_BUNDLE"); ca && *ca) o.ca_bundle = ca;
  return o;
}

bool is_url(std::string_view text) {
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

std::string fetch_text(const std::string& url, const HttpOptions& options) {
  return request(url, nullptr, options);
}

std::string post_json(const std::string& url, const std::string& body, const HttpOptions& options) {
  return request(url, &body, options);
}

std::string redact_url(const std::string& url) { return util::redact_secrets(url); }

}  // namespace net
