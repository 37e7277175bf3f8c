#pragma once
/// Private: reads a file that may be gzip-compressed, so that the data loaders take `name.gz` and `name` alike.
/// Users of the data loaders link with zlib (`-lz`, `ZLIB::ZLIB`).
///
/// The gzip framing (RFC 1952) is read here and only the deflate data is left to zlib, because zlib's `gzread`
/// forgives what a loader must not: it takes a missing or cut-short trailer for a normal end (so the CRC-32 is
/// never checked) and ignores bytes after the last member. Here every member's header, CRC-32 and length are
/// checked, members may follow one another as gzip(1) writes them, and anything else after a member is an error
/// that names the compressed byte offset.
#include <nnstatic/config/requires_cxx20.hpp>

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace nnstatic::detail {

/// A file opened for reading. Data that starts with the gzip magic `1f 8b` is inflated; any other file is passed
/// through unchanged. Offsets count bytes of the uncompressed stream, which is where the file format's fields
/// live; messages about the compression itself give the offset in the compressed file.
///
/// Failures are thrown as `Errors::file` (cannot open or read) and `Errors::data` (corrupt, cut short, followed
/// by something else), each built from a message: the data loaders name nnstatic's `file_error` and `data_error`
/// (data/detail/data_file.hpp), so that this header, below core/, needs nothing from it.
template <class Errors>
class gzip_reader {
  using file_error = typename Errors::file;
  using data_error = typename Errors::data;

 public:
  /// Opens `path`; throws `Errors::file` naming it if it is missing, a directory or unreadable.
  explicit gzip_reader(const std::filesystem::path& path) : path_(path), input_(std::size_t{1} << 17) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
      throw file_error("nnstatic: cannot open '" + path.string() + "': no such file");
    if (std::filesystem::is_directory(status))
      throw file_error("nnstatic: cannot open '" + path.string() + "': expected a file, found a directory");
    errno = 0;
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (file_ == nullptr) throw file_error("nnstatic: cannot open '" + path.string() + "': " + std::strerror(errno));
    if (std::filesystem::is_regular_file(status))
      if (const auto size = std::filesystem::file_size(path, ec); !ec) file_size_ = size;

    refill();
    compressed_ = stream_.avail_in >= 2 && stream_.next_in[0] == 0x1f && stream_.next_in[1] == 0x8b;
    if (!compressed_) return;
    // Raw deflate (negative window bits): zlib inflates, this class reads the framing around it.
    if (inflateInit2(&stream_, -MAX_WBITS) != Z_OK) throw std::bad_alloc();
    stream_.next_in += 2;  // the magic, just seen
    stream_.avail_in -= 2;
    state_ = member::header;
  }

  gzip_reader(const gzip_reader&) = delete;
  gzip_reader& operator=(const gzip_reader&) = delete;
  ~gzip_reader() {
    if (compressed_) inflateEnd(&stream_);
  }

  const std::filesystem::path& path() const noexcept { return path_; }

  /// True if the file is gzip-compressed.
  bool compressed() const noexcept { return compressed_; }

  /// Bytes delivered so far: the offset of the next byte in the uncompressed stream.
  std::uint64_t offset() const noexcept { return offset_; }

  /// Bytes of the file itself consumed so far (for a compressed file, the offset in the compressed data).
  std::uint64_t compressed_offset() const noexcept { return file_read_ - stream_.avail_in; }

  /// The length of the whole uncompressed stream, when it is known before reading it: a plain regular file's
  /// size. A loader checks what a header claims against it before it allocates anything.
  std::optional<std::uint64_t> known_length() const noexcept {
    return compressed_ ? std::nullopt : file_size_;
  }

  /// Fills `out` and returns its size, or fewer bytes if the data ends first. Throws `Errors::data` for gzip
  /// data that is corrupt, cut short or followed by something that is not another gzip member, and `Errors::file`
  /// if the operating system fails to read.
  std::size_t read(std::span<std::uint8_t> out) {
    return compressed_ ? inflate_into(out) : copy_into(out);
  }

  /// Reads on for at most `most` bytes and returns how many there were: a caller that only needs to know
  /// whether more data follows never decompresses the rest of a huge stream.
  std::uint64_t skip(std::uint64_t most) {
    std::array<std::uint8_t, 4096> sink{};
    std::uint64_t skipped = 0;
    while (skipped < most) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(most - skipped, sink.size()));
      const std::size_t got = read(std::span(sink).first(want));
      skipped += got;
      if (got < want) break;
    }
    return skipped;
  }

  /// "'path' at byte offset N", adding that N counts uncompressed bytes when the file is compressed.
  std::string where(std::uint64_t offset) const {
    return "'" + path_.string() + "' at byte offset " + std::to_string(offset) +
           (compressed_ ? " of the decompressed data" : "");
  }

  /// Describes where the data ended, for messages about files that end early.
  std::string ending() const { return "the data ends at byte offset " + std::to_string(offset_); }

 private:
  // Plain files: hand out the buffered bytes, then read on.
  std::size_t copy_into(std::span<std::uint8_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
      if (stream_.avail_in == 0 && !refill()) break;
      const std::size_t piece = std::min<std::size_t>(out.size() - done, stream_.avail_in);
      std::memcpy(out.data() + done, stream_.next_in, piece);
      stream_.next_in += piece;
      stream_.avail_in -= static_cast<uInt>(piece);
      done += piece;
      offset_ += piece;
    }
    return done;
  }

  std::size_t inflate_into(std::span<std::uint8_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
      if (state_ == member::between && !start_member()) break;
      if (state_ == member::header) read_member_header();
      if (stream_.avail_in == 0) refill();
      // inflate counts in uInt; stay well inside it.
      const auto room = static_cast<uInt>(std::min<std::size_t>(out.size() - done, std::size_t{1} << 30));
      stream_.next_out = out.data() + done;
      stream_.avail_out = room;
      const int status = ::inflate(&stream_, Z_NO_FLUSH);
      const std::size_t produced = room - stream_.avail_out;
      member_crc_ = ::crc32(member_crc_, out.data() + done, static_cast<uInt>(produced));
      member_length_ += produced;
      done += produced;
      offset_ += produced;
      if (status == Z_STREAM_END) {
        check_member_trailer();
        state_ = member::between;
      } else if (status == Z_DATA_ERROR) {
        fail(compressed_offset(), std::string("the compressed data is corrupt (zlib: ") +
                                      (stream_.msg != nullptr ? stream_.msg : "invalid deflate data") + ")");
      } else if (status == Z_MEM_ERROR) {
        throw std::bad_alloc();
      } else if (status == Z_BUF_ERROR && stream_.avail_in == 0 && at_end_) {
        // No progress with room to write and nothing left to read: the file stops inside the deflate data.
        fail(compressed_offset(), "the gzip data ends early, inside the compressed data of a member");
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        fail(compressed_offset(), "zlib failed with code " + std::to_string(status));
      }
      // Otherwise inflate wants more input; the loop gives it.
    }
    return done;
  }

  // After a member: the end of the file, or another member. Returns false at the end.
  bool start_member() {
    const std::uint64_t end = compressed_offset();
    std::uint8_t first = 0;
    if (!next_byte(first)) return false;
    std::uint8_t second = 0;
    const bool has_second = next_byte(second);
    if (first != 0x1f || !has_second || second != 0x8b)
      fail(end, "bytes after the gzip member that ends here: expected the end of the file or another gzip member "
                "(1f 8b), found " + hex(first) + (has_second ? " " + hex(second) : std::string()));
    state_ = member::header;
    return true;
  }

  // RFC 1952, 2.3: magic, method, flags, time, extra flags, system, then the optional fields the flags announce.
  // The constructor or start_member has consumed the magic.
  void read_member_header() {
    const std::uint64_t start = compressed_offset() - 2;
    constexpr std::uint8_t magic[] = {0x1f, 0x8b};
    uLong header_crc = ::crc32(::crc32(0UL, Z_NULL, 0), magic, 2);
    const auto byte = [&](const char* field) {
      std::uint8_t value = 0;
      if (!next_byte(value))
        fail(compressed_offset(), std::string("the gzip header that starts at compressed byte offset ") +
                                      std::to_string(start) + " is cut short in its " + field);
      header_crc = ::crc32(header_crc, &value, 1);
      return value;
    };
    if (const std::uint8_t method = byte("compression method"); method != 8)
      fail(start + 2, "unknown gzip compression method " + hex(method) + ": expected 0x08 (deflate)");
    const std::uint8_t flags = byte("flags");
    if ((flags & 0xe0) != 0) fail(start + 3, "reserved gzip header flags are set: " + hex(flags));
    for (int i = 0; i < 6; ++i) byte("time, extra flags and system");
    if ((flags & 0x04) != 0) {  // FEXTRA: a length, then that many bytes
      const unsigned low = byte("extra field length");
      const unsigned length = low | unsigned{byte("extra field length")} << 8;
      for (unsigned i = 0; i < length; ++i) byte("extra field");
    }
    if ((flags & 0x08) != 0)  // FNAME, zero-terminated
      while (byte("file name") != 0) {}
    if ((flags & 0x10) != 0)  // FCOMMENT, zero-terminated
      while (byte("comment") != 0) {}
    if ((flags & 0x02) != 0) {  // FHCRC: the low 16 bits of the CRC-32 of the header so far
      const auto expected = static_cast<unsigned>(header_crc & 0xffff);
      const unsigned low = byte("header CRC");
      const unsigned stored = low | unsigned{byte("header CRC")} << 8;
      if (stored != expected)
        fail(compressed_offset() - 2, "the gzip header's CRC-16 " + hex16(stored) + " does not match the header's " +
                                          hex16(expected));
    }
    if (member_count_ > 0) inflateReset(&stream_);
    ++member_count_;
    member_crc_ = ::crc32(0UL, Z_NULL, 0);
    member_length_ = 0;
    state_ = member::deflate;
  }

  // RFC 1952, 2.3.1: CRC-32 and length modulo 2^32 of the member's uncompressed data, little-endian.
  void check_member_trailer() {
    const std::uint64_t start = compressed_offset();
    std::array<std::uint8_t, 8> trailer{};
    std::size_t got = 0;
    while (got < trailer.size() && next_byte(trailer[got])) ++got;
    if (got < trailer.size())
      fail(start, "the gzip trailer (CRC-32 and length, 8 bytes) is missing or cut short: found " +
                      std::to_string(got) + " of its 8 bytes");
    const auto le32 = [&](std::size_t at) {
      return std::uint32_t{trailer[at]} | std::uint32_t{trailer[at + 1]} << 8 | std::uint32_t{trailer[at + 2]} << 16 |
             std::uint32_t{trailer[at + 3]} << 24;
    };
    const auto crc = static_cast<std::uint32_t>(member_crc_);
    if (le32(0) != crc)
      fail(start, "the CRC-32 of the uncompressed data, " + hex32(crc) + ", does not match the gzip trailer's " +
                      hex32(le32(0)));
    const auto length = static_cast<std::uint32_t>(member_length_);
    if (le32(4) != length)
      fail(start + 4, "the length of the uncompressed data modulo 2^32, " + std::to_string(length) +
                          ", does not match the gzip trailer's " + std::to_string(le32(4)));
  }

  bool next_byte(std::uint8_t& value) {
    if (stream_.avail_in == 0 && !refill()) return false;
    value = *stream_.next_in++;
    --stream_.avail_in;
    return true;
  }

  // Reads the next piece of the file into the input buffer, which must be used up; false at the end of the file.
  bool refill() {
    errno = 0;
    const std::size_t got = std::fread(input_.data(), 1, input_.size(), file_.get());
    if (got == 0 && std::ferror(file_.get()) != 0)
      throw file_error("nnstatic: reading '" + path_.string() + "' failed at byte offset " +
                       std::to_string(file_read_) + ": " + std::strerror(errno));
    file_read_ += got;
    stream_.next_in = input_.data();
    stream_.avail_in = static_cast<uInt>(got);
    at_end_ = got == 0;
    return got != 0;
  }

  [[noreturn]] void fail(std::uint64_t compressed_at, const std::string& what) const {
    throw data_error("nnstatic: bad gzip file '" + path_.string() + "' at compressed byte offset " +
                     std::to_string(compressed_at) + " (after " + std::to_string(offset_) +
                     " decompressed bytes): " + what);
  }

  static std::string hex_digits(std::uint32_t value, int digits) {
    constexpr char symbols[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += symbols[(value >> shift) & 0xf];
    return out;
  }
  static std::string hex(std::uint8_t value) { return hex_digits(value, 2); }
  static std::string hex16(unsigned value) { return hex_digits(value, 4); }
  static std::string hex32(std::uint32_t value) { return hex_digits(value, 8); }

  // Where the reader stands in a compressed file: before a member's magic, inside its header, inside its
  // deflate data. The trailer is read in one go when the deflate data ends.
  enum class member { between, header, deflate };

  // Closes the file also when the constructor throws after opening it.
  struct file_closer {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
  };

  std::filesystem::path path_;
  std::unique_ptr<std::FILE, file_closer> file_;
  std::vector<std::uint8_t> input_;
  z_stream stream_{};  // next_in and avail_in are the unread part of input_, for plain files too
  std::optional<std::uint64_t> file_size_;
  bool compressed_ = false;
  member state_ = member::between;
  bool at_end_ = false;
  std::uint64_t member_count_ = 0;
  uLong member_crc_ = 0;
  std::uint64_t member_length_ = 0;
  std::uint64_t file_read_ = 0;
  std::uint64_t offset_ = 0;
};

}  // namespace nnstatic::detail
