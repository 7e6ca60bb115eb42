#include "util/yaml.hpp"

#include "util/error.hpp"
#include "util/json_writer.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <set>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PERFGATE_CLANG_ASAN 1
#endif
#endif
#ifndef PERFGATE_CLANG_ASAN
#define PERFGATE_CLANG_ASAN 0
#endif

namespace util {

namespace {

std::string where(const YAML::Mark& mark) {
  if (mark.line < 0) return "";
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1) + ": ";
}

bool all_of(std::string_view s, std::string_view chars) {
  return !s.empty() && s.find_first_not_of(chars) == std::string_view::npos;
}

// A plain scalar as the core schema reads it: the JSON text of its value, or "" for a string.
std::string core_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return "null";
  if (s == "true" || s == "True" || s == "TRUE") return "true";
  if (s == "false" || s == "False" || s == "FALSE") return "false";
  std::string_view body = s;
  const bool negative = body.front() == '-';
  if (body.front() == '-' || body.front() == '+') body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF" || body == ".nan" || body == ".NaN" || body == ".NAN") {
    return "";  // JSON has no infinity or NaN: kept as the string it was, refused where a number is needed
  }
  auto whole = [&](std::string_view digits, int base) -> std::string {
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n, base);
    if (ec != std::errc() || end != digits.data() + digits.size()) return "";
    std::string text = std::to_string(n);
    if (negative) text.insert(text.begin(), '-');
    return text;
  };
  if (body.substr(0, 2) == "0x" && all_of(body.substr(2), "0123456789abcdefABCDEF")) return whole(body.substr(2), 16);
  if (body.substr(0, 2) == "0o" && all_of(body.substr(2), "01234567")) return whole(body.substr(2), 8);
  if (all_of(body, "0123456789")) {
    if (body.size() < 19) return whole(body, 10);
  }
  // A float: digits with at most one '.', an optional exponent (the core schema's form).
  const std::size_t e = body.find_first_of("eE");
  const std::string_view mantissa = body.substr(0, e);
  if (mantissa.empty() || mantissa == "." || !all_of(mantissa, "0123456789.") ||
      std::count(mantissa.begin(), mantissa.end(), '.') > 1) {
    return "";
  }
  if (e != std::string_view::npos) {
    std::string_view exponent = body.substr(e + 1);
    if (!exponent.empty() && (exponent.front() == '+' || exponent.front() == '-')) exponent.remove_prefix(1);
    if (!all_of(exponent, "0123456789")) return "";
  }
  double d = 0;
  auto [end, ec] = util::parse_double(s.data() + (s.front() == '+' ? 1 : 0), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) return "";
  return format_number(d);
}

class Converter {
public:
  Converter(const std::string& name, std::size_t max_bytes) : m_name(name), m_max(max_bytes) {}

  // Aliases make a small file a large (or, through merge keys, a long-walked) tree:
  // every node visited counts, and so does every byte written (a "billion laughs").
  void visit(const YAML::Node& n) {
    if (++m_visits > k_max_visits) {
      fail(n.Mark(), "expands to more than " + std::to_string(k_max_visits) + " values (aliases of aliases?)");
    }
  }

  void node(const YAML::Node& n, std::size_t depth) {
    visit(n);
    if (depth > limits().max_json_depth) fail(n.Mark(), "nested deeper than " + std::to_string(limits().max_json_depth) + " levels");
    if (m_out.size() > m_max) fail(n.Mark(), "expands to more than " + std::to_string(m_max) + " bytes (aliases of aliases?)");
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: m_out += "null"; break;
      case YAML::NodeType::Scalar: scalar(n); break;
      case YAML::NodeType::Sequence: {
        m_out += '[';
        bool first = true;
        for (const auto& item : n) {
          if (!first) m_out += ',';
          first = false;
          node(item, depth + 1);
        }
        m_out += ']';
        break;
      }
      case YAML::NodeType::Map: {
        m_out += '{';
        bool first = true;
        std::set<std::string> keys;
        std::vector<YAML::Node> merges;
        for (const auto& item : n) {
          if (!item.first.IsScalar()) fail(item.first.Mark(), "a mapping key must be a plain value");
          const std::string key = item.first.Scalar();
          if (key == "<<" && item.first.Tag() == "?") {
            // A merge key (js-yaml reads it): the keys of the mapping(s) it names, where
            // this mapping does not set them itself.
            if (item.second.IsMap()) merges.push_back(item.second);
            else if (item.second.IsSequence()) {
              for (const auto& m : item.second) {
                if (!m.IsMap()) fail(m.Mark(), "a merge key (<<) takes a mapping or a list of mappings");
                merges.push_back(m);
              }
            } else {
              fail(item.second.Mark(), "a merge key (<<) takes a mapping or a list of mappings");
            }
            continue;
          }
          if (!keys.insert(key).second) fail(item.first.Mark(), "the key \"" + key + "\" appears twice");
          if (!first) m_out += ',';
          first = false;
          append_json_string(m_out, key);
          m_out += ':';
          node(item.second, depth + 1);
        }
        for (const auto& m : merges) {  // earlier mappings win, as in YAML's merge
          for (const auto& item : m) {
            visit(item.first);
            if (!item.first.IsScalar()) fail(item.first.Mark(), "a mapping key must be a plain value");
            const std::string key = item.first.Scalar();
            if (key == "<<" || !keys.insert(key).second) continue;
            if (!first) m_out += ',';
            first = false;
            append_json_string(m_out, key);
            m_out += ':';
            node(item.second, depth + 1);
          }
        }
        m_out += '}';
        break;
      }
    }
  }

  std::string take() { return std::move(m_out); }

private:
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const { throw Error(m_name, where(mark) + what); }

  void scalar(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    // "?" is a plain (unquoted, untagged) scalar; "!" a quoted one; anything else a tag.
    if (n.Tag() == "?") {
      const std::string json = core_scalar(s);
      if (!json.empty()) {
        m_out += json;
        return;
      }
    } else if (n.Tag() != "!" && n.Tag() != "tag:yaml.org,2002:str") {
      fail(n.Mark(), "the tag " + n.Tag() + " is not supported");
    }
    append_json_string(m_out, s);
  }

  // A real lighthouserc has a few hundred values (a preset written out, about 200); yaml-cpp
  // allocates on every visit through an alias, so the bound is kept low.
  static constexpr std::size_t k_max_visits = 20000;
  const std::string& m_name;
  std::size_t m_max;
  std::size_t m_visits = 0;
  std::string m_out;
};

}  // namespace

namespace {

// The conversion itself, in this process.
std::string convert(std::string_view text, const std::string& name, std::size_t max_bytes) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(name, where(e.mark) + "not valid YAML: " + e.msg);
  }
  if (docs.empty()) throw Error(name, "the YAML file is empty");
  if (docs.size() > 1) throw Error(name, "holds " + std::to_string(docs.size()) + " YAML documents; a config is one");
  Converter c(name, max_bytes);
  c.node(docs.front(), 0);
  return c.take();
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

// yaml-cpp 0.7 (Debian 12's) loops for ever, allocating, on some malformed files (", {"
// is one, found by fuzzing). So the file is parsed in a child process with a CPU-time
// limit, and the parent reads the JSON (or the error) back: a file yaml-cpp cannot
// finish is an error naming it, never a hung or killed perfgate.
std::string yaml_to_json(std::string_view text, const std::string& name, std::size_t max_bytes) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(name, std::string("cannot read the YAML file: ") + std::strerror(errno));
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw Error(name, std::string("cannot read the YAML file: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    struct rlimit cpu {};
    cpu.rlim_cur = cpu.rlim_max = 2;  // seconds; a real config takes under a millisecond
    ::setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__) && !PERFGATE_CLANG_ASAN
    struct rlimit memory {};
    memory.rlim_cur = memory.rlim_max = std::size_t{1} << 30;  // (AddressSanitizer needs its huge shadow mapping)
    ::setrlimit(RLIMIT_AS, &memory);
#endif
    std::string out;
    char status = '0';
    try {
      out = convert(text, name, max_bytes);
    } catch (const Error& e) {
      status = '1';
      out = e.message();
    } catch (const std::bad_alloc&) {
      ::_exit(4);  // out of its memory limit: did not finish
    } catch (const std::exception& e) {
      status = '1';
      out = name + ": cannot read the YAML file (" + e.what() + ")";
    }
    const bool ok = write_all(fds[1], std::string_view(&status, 1)) && write_all(fds[1], out);
    ::_exit(ok ? 0 : 3);
  }
  ::close(fds[1]);
  std::string reply;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || reply.empty()) {
    throw Error(name, "the YAML parser (yaml-cpp) did not finish on this file (it loops on some malformed YAML); "
                      "check the file's syntax, e.g. with `python3 -c 'import yaml,sys; yaml.safe_load(open(sys.argv[1]))' FILE`");
  }
  if (reply[0] == '1') {
    // The child's message, already "<name>: <what>": rethrown as it was.
    const std::string message = reply.substr(1);
    const std::string prefix = name + ": ";
    throw Error(name, message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message);
  }
  return reply.substr(1);
}

}  // namespace util
