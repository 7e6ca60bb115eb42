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
