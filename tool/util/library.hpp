// Shared libraries loaded when a run first needs them, not when perfgate starts.
//
// Why: libcurl (a URL to fetch), libavif (an AVIF to write or decode) and libpq (a
// PostgreSQL history) bring 50 more libraries between them, and loading and relocating
// them was half of perfgate's start-up (30 ms of a 105-report check's 80 ms, on every
// run, a pre-commit hook's included), whether the run fetched, encoded or stored
// anything or not. Each is declared in its part's own header (net/curl_library.hpp,
// imaging/avif_library.hpp, history/pq_library.hpp) from its real header, so a
// signature that differs from the library's does not compile.
#pragma once

#include <string>

namespace util {

// Return the handle of the shared library `soname` (dlopen: found as the program's own
// libraries are, the portable package's lib/perfgate first), loading it the first
// time. Throws util::Error naming the library, what needed it (`needed_for`: "fetching
// a URL") and the package to install when it cannot be loaded.
void* load_library(const char* soname, const char* needed_for, const char* package);

// Return the function `name` of the library `handle`; throws util::Error when the
// library lacks it (a version older than the one perfgate was built with).
void* library_function(void* handle, const char* soname, const char* name);

}  // namespace util

// The members of a library's table: one pointer per function, of the type its header
// declares. PERFGATE_LIBRARY_LOAD fills `api`'s from `handle`, loaded from `soname`.
#define PERFGATE_LIBRARY_MEMBER(f) decltype(&::f) f = nullptr;
#define PERFGATE_LIBRARY_LOAD(f) api.f = reinterpret_cast<decltype(&::f)>(util::library_function(handle, soname, #f));

// Define `const Type& getter()`: the library `soname_` loaded on the first call and the
// functions of the part's list (FUNCTIONS, an X-macro of PERFGATE_LIBRARY_MEMBER's names)
// resolved; a failure throws util::Error and the next call tries again.
#define PERFGATE_LIBRARY_LOADER(Type, getter, soname_, needed_for, package, FUNCTIONS) \
  const Type& getter() {                                                                 \
    static const Type loaded = [] {                                                      \
      Type api;                                                                          \
      const char* soname = soname_;                                                      \
      void* handle = util::load_library(soname, needed_for, package);                    \
      FUNCTIONS(PERFGATE_LIBRARY_LOAD)                                                   \
      return api;                                                                        \
    }();                                                                                 \
    return loaded;                                                                       \
  }
