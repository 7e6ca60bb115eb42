# ASan+UBSan as an interface target, linked privately to perfgate's own targets.
add_library(perfgate_sanitizers INTERFACE)
if(PERFGATE_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(perfgate_sanitizers INTERFACE ${_san})
  target_link_options(perfgate_sanitizers INTERFACE ${_san})
endif()
