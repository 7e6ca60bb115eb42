// libcurl's functions, loaded the first time a URL is fetched (util/library.hpp says why).
#pragma once

// Without this, curl.h makes curl_easy_setopt and curl_easy_getinfo macros that
// would rename the members below.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "util/library.hpp"

#define PERFGATE_CURL_FUNCTIONS(X)                                                                                \
  X(curl_global_init) X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform) X(curl_easy_getinfo)             \
  X(curl_easy_cleanup) X(curl_easy_strerror) X(curl_slist_append) X(curl_slist_free_all)

namespace net {

struct Curl {
  PERFGATE_CURL_FUNCTIONS(PERFGATE_LIBRARY_MEMBER)
};

// Return libcurl's functions, loading it the first time; throws util::Error when it
// cannot be loaded.
const Curl& libcurl();

}  // namespace net
