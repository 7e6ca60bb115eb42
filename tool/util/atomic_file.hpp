// Writing files so that a reader (or an interrupted run) never sees a partial
// one: write a temporary file beside the target, flush it, then rename it over.
#pragma once

#include <string>
#include <string_view>

namespace util {

// Write `data` to `path` atomically. Throws util::Error naming `path` on failure;
// the temporary file is removed on every error path. `durable` syncs the data
// to disk before the rename (skipped for cache entries, which verify themselves).
void write_file_atomic(const std::string& path, std::string_view data, bool durable = true);

// Return the temporary name used for `path` by this process (".<name>.perfgate-tmp.<pid>.<n>").
std::string temporary_path_for(const std::string& path);

// Return whether `name` looks like one of perfgate's temporary files.
bool is_temporary_name(std::string_view name);

}  // namespace util

namespace util {

// Write a requested output (--format X=FILE, fetch --out) to `path`. A regular
// file, or a name not there yet, is replaced atomically; a symbolic link is
// written through (the file it points to is replaced, the link stays); anything
// else (/dev/stdout, /dev/full, a FIFO, >(jq)) is opened and written in place,
// never replaced, with every write and the close checked. Throws util::Error.
void write_output_file(const std::string& path, std::string_view data);

}  // namespace util
