# Every dependency comes from Debian's packages; nothing is vendored or downloaded.
find_package(simdjson REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CURL REQUIRED)
find_package(PNG REQUIRED)
find_package(JPEG REQUIRED)
find_package(libavif REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebp libwebpdemux libwebpmux)
pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(LCMS2 REQUIRED IMPORTED_TARGET lcms2)  # colour management of images
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)  # cache keys and entry checksums
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)  # built HTML pages (--html, --build), an HTML5 parser
find_package(EXPAT REQUIRED)  # JMeter XML results, streamed
find_package(yaml-cpp REQUIRED)  # .lighthouserc.yml
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)  # the history (--history FILE)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)  # the history in PostgreSQL (--history postgresql://)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256 of the budget files in the sign-off (libcurl loads libcrypto already)
if(PERFGATE_TESTS)
  find_package(doctest REQUIRED)
endif()

# libcurl, libavif and libpq are loaded when a run first needs them (tool/util/library.hpp
# says why): their headers are compiled against, their SONAMEs compiled in, and the
# packages that install them named for the .deb's Depends (dpkg-shlibdeps sees only what
# is linked) and for the message when one is missing. ci/package bundles each, with the
# libraries it needs, from loaded-later.txt.
set(PERFGATE_LOADED_LATER "")
set(PERFGATE_LOADED_LATER_PACKAGES "")
function(perfgate_loaded_later key name)
  find_library(PERFGATE_LIBRARY_${key} NAMES ${name} REQUIRED)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${PERFGATE_LIBRARY_${key}} OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT dump MATCHES "SONAME +([^ \n]+)")
    message(FATAL_ERROR "cannot read the SONAME of ${PERFGATE_LIBRARY_${key}} (${CMAKE_OBJDUMP} -p)")
  endif()
  set(soname ${CMAKE_MATCH_1})
  get_filename_component(real ${PERFGATE_LIBRARY_${key}} REALPATH)
  set(package "${soname}")
  find_program(PERFGATE_DPKG dpkg-query)
  if(PERFGATE_DPKG)
    execute_process(COMMAND ${PERFGATE_DPKG} -S ${real} OUTPUT_VARIABLE owner RESULT_VARIABLE rc ERROR_QUIET)
    if(rc EQUAL 0 AND owner MATCHES "^([^:,]+)")
      set(package ${CMAKE_MATCH_1})
      set(PERFGATE_LOADED_LATER_PACKAGES "${PERFGATE_LOADED_LATER_PACKAGES};${package}" PARENT_SCOPE)
    endif()
  endif()
  set(PERFGATE_SONAME_${key} ${soname} PARENT_SCOPE)
  set(PERFGATE_PACKAGE_${key} ${package} PARENT_SCOPE)
  set(PERFGATE_LOADED_LATER "${PERFGATE_LOADED_LATER}${soname} ${real}\n" PARENT_SCOPE)
endfunction()
perfgate_loaded_later(CURL curl)
perfgate_loaded_later(AVIF avif)
perfgate_loaded_later(PQ pq)
file(WRITE ${CMAKE_BINARY_DIR}/loaded-later.txt "${PERFGATE_LOADED_LATER}")
