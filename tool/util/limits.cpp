#include "util/limits.hpp"

namespace util {

Limits& limits() {
  static Limits instance;
  return instance;
}

}  // namespace util
