#include "util/process.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <algorithm>
#include <set>
#include <csignal>
#include <cstdio>
#include <dirent.h>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace util {

bool on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string dirs(path);
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = dirs.find(':', start);
    std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + program;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

namespace {

// perfgate's own children: the processes whose parent it is.
std::set<long> children_of_self() {
  std::set<long> out;
  DIR* proc = ::opendir("/proc");
  if (!proc) return out;
  const pid_t self = ::getpid();
  while (dirent* e = ::readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end) continue;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    std::FILE* f = std::fopen(path, "re");
    if (!f) continue;
    char line[512];
    const bool got = std::fgets(line, sizeof line, f) != nullptr;
    std::fclose(f);
    if (!got) continue;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const char* close = std::strrchr(line, ')');
    long ppid = 0;
    char state = 0;
    if (close && std::sscanf(close + 1, " %c %ld", &state, &ppid) == 2 && ppid == self) out.insert(pid);
  }
  ::closedir(proc);
  return out;
}

// Kill every process left of a run: its process group, and any descendant that left the
// group (a detached child: setsid) and was handed to perfgate when its parent exited —
// perfgate is a subreaper while a helper runs, so none escapes to init. Children perfgate
// had before the run (a shell's background jobs, inherited through exec) are not touched.
void kill_leftovers(pid_t group, const std::set<long>& before) {
  ::kill(-group, SIGKILL);
  for (int round = 0; round < 16; ++round) {
    bool found = false;
    for (const long pid : children_of_self()) {
      if (before.count(pid)) continue;
      found = true;
      ::kill(static_cast<pid_t>(pid), SIGKILL);
      int status = 0;
      ::waitpid(static_cast<pid_t>(pid), &status, 0);
    }
    if (!found) return;
  }
}

// Read what `fd` has now without blocking; false at its end.
bool drain(int fd, std::string& into, std::size_t limit) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      if (into.size() < limit) into.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

}  // namespace

ProcessResult run_capture(const std::vector<std::string>& argv, const std::string& what,
                          std::chrono::milliseconds timeout, std::size_t max_out) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw Error(what, std::string("cannot start ") + argv[0] + ": " + std::strerror(errno));
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    throw Error(what, std::string("cannot start ") + argv[0] + ": " + std::strerror(errno));
  }
  ::fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // Its own process group, so that everything it starts is killed with it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const std::set<long> children_before = children_of_self();
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    ::prctl(PR_SET_CHILD_SUBREAPER, 0);
    throw Error(what, "cannot start " + argv[0] + ": " + std::strerror(spawned));
  }
  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true, exited = false;
  int status = 0;
  std::string problem;
  // Done when the program has exited (what it wrote is then read to the end of what is
  // there): a child it left running that holds the pipes open cannot keep perfgate
  // waiting.
  while (!exited && problem.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      problem = "did not finish within " + std::to_string(timeout.count() / 1000) + " s";
      break;
    }
    pollfd fds[2] = {{out_open ? out_pipe[0] : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 50)));
    if (ready < 0 && errno != EINTR) {
      problem = std::string("poll failed: ") + std::strerror(errno);
      break;
    }
    if (out_open) out_open = drain(out_pipe[0], result.out, max_out + 1);
    if (err_open) err_open = drain(err_pipe[0], result.err, std::size_t{1} << 16);
    if (result.out.size() > max_out) problem = "wrote more than " + std::to_string(max_out) + " bytes";
    // Exited, but not reaped yet: its process group id stays its own until the group
    // is killed below.
    siginfo_t info {};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) exited = true;
  }
  if (exited) {
    if (out_open) drain(out_pipe[0], result.out, max_out + 1);
    if (err_open) drain(err_pipe[0], result.err, std::size_t{1} << 16);
    if (result.out.size() > max_out && problem.empty()) problem = "wrote more than " + std::to_string(max_out) + " bytes";
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  ::kill(-pid, SIGKILL);  // its group, while the group id is still its own
  if (!exited) ::kill(pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  kill_leftovers(pid, children_before);
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  if (!problem.empty()) throw Error(what, argv[0] + " " + problem);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace util
