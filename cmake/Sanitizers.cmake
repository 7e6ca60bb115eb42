# ASan+UBSan as an interface target, linked privately to perfgate's own targets.
add_library(perfgate_sanitizers INTERFACE)
if(PERFGATE_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(perfgate_sanitizers INTERFACE ${_san})
  target_link_options(perfgate_sanitizers INTERFACE ${_san})
endif()
if(PERFGATE_FUZZ)
  # Coverage for libFuzzer in the library too, not only in the target files.
  target_compile_options(perfgate_sanitizers INTERFACE -fsanitize=fuzzer-no-link)
endif()
