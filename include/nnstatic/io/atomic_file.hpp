#pragma once
/// Writing a file so that a reader never sees half of it.
#include <nnstatic/core/error.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace nnstatic::io {

/// Writes `bytes` to `path` through a temporary file in the same directory that is flushed, closed and then
/// renamed over `path`. Rename within a directory is atomic on POSIX, so an interrupted save leaves either the
/// old file or the new one, never a mixture. Throws `file_error` naming the path on failure.
inline void write_atomically(const std::filesystem::path& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  fs::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw file_error("nnstatic: cannot create '" + temporary.string() + "' to write '" + path.string() + "'");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw file_error("nnstatic: writing '" + temporary.string() + "' failed after " + std::to_string(bytes.size()) +
                       " bytes were requested (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw file_error("nnstatic: cannot rename '" + temporary.string() + "' to '" + path.string() + "': " + ec.message());
  }
}

}  // namespace nnstatic::io
