// The fuzz targets, one per input perfgate parses. Each takes bytes and must
// never crash, hang or leak, whatever the bytes: errors are util::Error /
// DecodeError, which the targets swallow. Built two ways (tests/fuzz/CMakeLists.txt):
// with libFuzzer for ci/fuzz, and with replay_main.cpp, which runs a target over
// its corpus folder as a CTest test in every build.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
