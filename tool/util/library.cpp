#include "util/library.hpp"

#include "util/error.hpp"

#include <dlfcn.h>

namespace util {

void* load_library(const char* soname, const char* needed_for, const char* package) {
  // RTLD_NOW: a missing symbol fails here, not in the middle of the work. dlopen keeps
  // a count per library, so asking again returns the handle already loaded.
  void* handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    throw Error(soname, std::string("cannot be loaded, and ") + needed_for + " needs it (" + (why ? why : "not found") +
                            "); install " + package + ", or use the portable package, which carries it");
  }
  return handle;
}

void* library_function(void* handle, const char* soname, const char* name) {
  ::dlerror();
  void* f = ::dlsym(handle, name);
  if (!f) {
    throw Error(soname, std::string("has no function ") + name + "; install the version perfgate was built with");
  }
  return f;
}

}  // namespace util
