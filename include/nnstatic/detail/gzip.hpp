#pragma once
/// Private: reads a file through zlib, so that the data loaders take `name.gz` and `name` alike.
/// Users of the data loaders link with zlib (`-lz`, `ZLIB::ZLIB`).
#include <nnstatic/core/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <system_error>

namespace nnstatic::detail {

/// A file opened for reading through zlib. Data that starts with the gzip magic `1f 8b` is inflated; any other
/// file is passed through unchanged (zlib's "transparent" reading). Offsets count bytes of the uncompressed
/// stream, which is where the file format's fields live.
class gzip_reader {
 public:
  /// Opens `path`; throws `file_error` naming it if it is missing, a directory or unreadable.
  explicit gzip_reader(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
      throw file_error("nnstatic: cannot open '" + path.string() + "': no such file");
    if (std::filesystem::is_directory(status))
      throw file_error("nnstatic: cannot open '" + path.string() + "': expected a file, found a directory");
#ifdef _WIN32
    file_ = gzopen_w(path.c_str(), "rb");
#else
    file_ = gzopen(path.c_str(), "rb");
#endif
    if (file_ == nullptr) throw file_error("nnstatic: cannot open '" + path.string() + "': " + std::strerror(errno));
    // Larger than zlib's 8 KiB default: the data sets are tens of megabytes read front to back.
    gzbuffer(file_, 1U << 17);
    compressed_ = gzdirect(file_) == 0;
  }

  gzip_reader(const gzip_reader&) = delete;
  gzip_reader& operator=(const gzip_reader&) = delete;
  ~gzip_reader() { gzclose(file_); }

  const std::filesystem::path& path() const noexcept { return path_; }

  /// True if the file is gzip-compressed.
  bool compressed() const noexcept { return compressed_; }

  /// Bytes delivered so far: the offset of the next byte in the uncompressed stream.
  std::uint64_t offset() const noexcept { return offset_; }

  /// Fills `out` and returns its size, or fewer bytes if the data ends first. Throws `data_error` for
  /// compressed data that is corrupt and `file_error` if the operating system fails to read.
  std::size_t read(std::span<std::uint8_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
      // gzread counts in unsigned int and answers in int; stay well inside both.
      const auto chunk = static_cast<unsigned>(std::min<std::size_t>(out.size() - done, std::size_t{1} << 30));
      const int got = gzread(file_, out.data() + done, chunk);
      if (got < 0) fail();
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
      offset_ += static_cast<std::size_t>(got);
    }
    return done;
  }

  /// Reads the rest of the stream away and returns how many bytes it held.
  std::uint64_t skip_rest() {
    std::uint8_t sink[4096];
    std::uint64_t skipped = 0;
    for (std::size_t got = read(sink); got > 0; got = read(sink)) skipped += got;
    return skipped;
  }

  /// "'path' at byte offset N", adding that N counts uncompressed bytes when the file is compressed.
  std::string where(std::uint64_t offset) const {
    return "'" + path_.string() + "' at byte offset " + std::to_string(offset) +
           (compressed_ ? " of the decompressed data" : "");
  }

  /// Describes where the data ended, for messages about files that end early: the offset, and whether the
  /// gzip stream itself was cut off (zlib reports that as Z_BUF_ERROR, "unexpected end of file").
  std::string ending() const {
    std::string text = "the data ends at byte offset " + std::to_string(offset_);
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code == Z_BUF_ERROR) text += std::string(" (the gzip stream is cut off: ") + message + ")";
    return text;
  }

 private:
  [[noreturn]] void fail() const {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code == Z_ERRNO) throw file_error("nnstatic: reading " + where(offset_) + " failed: " + std::strerror(errno));
    throw data_error("nnstatic: " + where(offset_) +
                     ": the gzip data is corrupt: expected a valid deflate stream, zlib found: " + message);
  }

  std::filesystem::path path_;
  gzFile file_ = nullptr;
  bool compressed_ = false;
  std::uint64_t offset_ = 0;
};

}  // namespace nnstatic::detail
