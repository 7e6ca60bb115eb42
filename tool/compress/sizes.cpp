#include "compress/sizes.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <memory>
#include <stdexcept>

namespace compression {  // "compress" is taken by zlib

std::uint64_t gzip_size(std::string_view data, int level) {
  z_stream stream{};
  // windowBits 15 + 16 selects the gzip container (10-byte header, 8-byte trailer).
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  unsigned char buffer[64 * 1024];
  std::uint64_t total = 0;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  std::size_t left = data.size();
  int status = Z_OK;
  do {
    // Feed at most 1 GiB at a time: avail_in is 32-bit.
    const uInt chunk = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
    stream.avail_in = chunk;
    left -= chunk;
    const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = buffer;
      stream.avail_out = sizeof buffer;
      status = deflate(&stream, flush);
      total += sizeof buffer - stream.avail_out;
    } while (stream.avail_out == 0);
  } while (left > 0);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return total;
}

std::uint64_t brotli_size(std::string_view data, int quality) {
  BrotliEncoderState* state = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) throw std::bad_alloc();
  std::unique_ptr<BrotliEncoderState, void (*)(BrotliEncoderState*)> guard(state, BrotliEncoderDestroyInstance);
  BrotliEncoderSetParameter(state, BROTLI_PARAM_QUALITY, static_cast<std::uint32_t>(quality));
  BrotliEncoderSetParameter(state, BROTLI_PARAM_LGWIN, BROTLI_DEFAULT_WINDOW);
  BrotliEncoderSetParameter(state, BROTLI_PARAM_SIZE_HINT,
                            static_cast<std::uint32_t>(std::min<std::size_t>(data.size(), 1u << 30)));
  std::size_t available_in = data.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  std::uint64_t total = 0;
  for (;;) {
    std::size_t available_out = 0;
    if (!BrotliEncoderCompressStream(state, BROTLI_OPERATION_FINISH, &available_in, &next_in, &available_out,
                                     nullptr, nullptr)) {
      throw std::runtime_error("brotli: compression failed");
    }
    std::size_t produced = 0;
    while (BrotliEncoderHasMoreOutput(state)) {
      BrotliEncoderTakeOutput(state, &produced);
      total += produced;
    }
    if (BrotliEncoderIsFinished(state)) break;
  }
  return total;
}

Sizes all_sizes(std::string_view data, bool brotli) {
  Sizes s;
  s.raw = data.size();
  s.gzip = gzip_size(data);
  if (brotli) {
    s.brotli = brotli_size(data);
    s.has_brotli = true;
  }
  return s;
}

}  // namespace compression
