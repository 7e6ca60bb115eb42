// WebP with libwebp: lossy by default (quality 80, method 4, sharp YUV on an ARGB
// picture), optionally lossless when that comes out smaller; the ICC profile is
// added with libwebpmux. No orientation is written: the pixels are upright.
#include "imaging/encode.hpp"

#include <webp/encode.h>
#include <webp/mux.h>

namespace imaging {

namespace {

int write_to_string(const std::uint8_t* data, std::size_t size, const WebPPicture* picture) {
  static_cast<std::string*>(picture->custom_ptr)->append(reinterpret_cast<const char*>(data), size);
  return 1;
}

std::string encode_once(const Image& image, const EncodeSettings& settings, bool lossless) {
  WebPConfig config;
  if (!WebPConfigInit(&config)) throw DecodeError{"libwebp: incompatible library version"};
  config.quality = static_cast<float>(settings.webp_quality);
  config.method = settings.webp_method;
  config.use_sharp_yuv = 1;
  if (lossless) {
    config.lossless = 1;
    config.quality = 75;
    config.exact = 0;
  }
  WebPPicture picture;
  if (!WebPPictureInit(&picture)) throw DecodeError{"libwebp: incompatible library version"};
  picture.use_argb = 1;
  picture.width = static_cast<int>(image.width);
  picture.height = static_cast<int>(image.height);
  const int ok = image.has_alpha
                     ? WebPPictureImportRGBA(&picture, image.rgba.data(), static_cast<int>(image.width * 4))
                     : WebPPictureImportRGBX(&picture, image.rgba.data(), static_cast<int>(image.width * 4));
  if (!ok) {
    WebPPictureFree(&picture);
    throw DecodeError{"libwebp: out of memory importing the picture"};
  }
  std::string out;
  picture.writer = write_to_string;
  picture.custom_ptr = &out;
  const int encoded = WebPEncode(&config, &picture);
  const WebPEncodingError error = picture.error_code;
  WebPPictureFree(&picture);
  if (!encoded) throw DecodeError{"libwebp could not encode it (error " + std::to_string(static_cast<int>(error)) + ")"};
  return out;
}

std::string with_icc(std::string webp, const std::vector<std::uint8_t>& icc) {
  if (icc.empty()) return webp;
  WebPData input{reinterpret_cast<const std::uint8_t*>(webp.data()), webp.size()};
  WebPMux* mux = WebPMuxCreate(&input, 1);
  if (!mux) return webp;
  WebPData profile{icc.data(), icc.size()};
  WebPData assembled{nullptr, 0};
  std::string out = webp;
  if (WebPMuxSetChunk(mux, "ICCP", &profile, 1) == WEBP_MUX_OK && WebPMuxAssemble(mux, &assembled) == WEBP_MUX_OK) {
    out.assign(reinterpret_cast<const char*>(assembled.bytes), assembled.size);
  }
  WebPDataClear(&assembled);
  WebPMuxDelete(mux);
  return out;
}

}  // namespace

Candidate encode_webp(const Image& image, const EncodeSettings& settings, bool lossless) {
  if (image.width > k_webp_max_dimension || image.height > k_webp_max_dimension) {
    throw DecodeError{std::to_string(image.width) + "x" + std::to_string(image.height) +
                      " is larger than WebP allows (16383 px a side); no WebP written"};
  }
  return {with_icc(encode_once(image, settings, lossless), image.icc), lossless};
}

}  // namespace imaging
