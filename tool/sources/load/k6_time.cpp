// The time of a k6 point (k6_stream.hpp): RFC 3339 read by hand, because strptime and
// a time zone lookup cost more than parsing the whole point.
#include "sources/load/k6_stream.hpp"

namespace sources::k6 {

// Seconds since the epoch of an RFC 3339 time as k6 writes it
// ("2026-11-29T18:44:04.123456789+01:00"). strptime costs more than the whole point.
std::optional<double> parse_time(std::string_view t) {
  if (t.size() < 20) return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t n, int& out) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    out = v;
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!num(0, 4, y) || t[4] != '-' || !num(5, 2, mo) || t[7] != '-' || !num(8, 2, d) ||
      (t[10] != 'T' && t[10] != 't') || !num(11, 2, h) || t[13] != ':' || !num(14, 2, mi) || t[16] != ':' ||
      !num(17, 2, s) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  // Days from the civil date (H. Hinnant's algorithm).
  const int yy = y - (mo <= 2 ? 1 : 0);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const double days = static_cast<double>(era) * 146097 + doe - 719468;
  double seconds = days * 86400 + h * 3600 + mi * 60 + s;
  std::size_t i = 19;
  if (t[i] == '.') {
    double scale = 0.1;
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, scale /= 10) seconds += (t[i] - '0') * scale;
  }
  if (i < t.size() && (t[i] == '+' || t[i] == '-') && t.size() >= i + 6) {
    int oh = 0, om = 0;
    if (!num(i + 1, 2, oh) || t[i + 3] != ':' || !num(i + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
    seconds -= (t[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else if (i >= t.size() || (t[i] != 'Z' && t[i] != 'z')) {
    return std::nullopt;
  }
  return seconds;
}

}  // namespace sources::k6
