# Warnings for perfgate's own targets only (linked privately), never for dependencies.
add_library(perfgate_warnings INTERFACE)
target_compile_options(perfgate_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 reports false positives inside simdjson's inline code at our call sites.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
if(PERFGATE_WERROR)
  target_compile_options(perfgate_warnings INTERFACE -Werror)
endif()
