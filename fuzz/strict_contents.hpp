#pragma once
// What a file holds, read strictly: the oracle the data-set targets hold an accepted file to.
//
// A loader that accepts a file must have read all of it, and only it. A plain file's contents are its bytes. A
// gzip file (one that starts with 1f 8b) holds the concatenation of its members, each decompressed to its end and
// checked against its trailer (CRC-32 and length), as gzip(1) reads it; if a member is damaged or cut short, or
// anything but another member follows one, the file holds nothing a loader may accept.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace nnstatic::fuzz {

inline std::optional<std::vector<std::uint8_t>> strict_contents(std::span<const std::uint8_t> file) {
  if (file.size() < 2 || file[0] != 0x1f || file[1] != 0x8b) return std::vector<std::uint8_t>(file.begin(), file.end());

  z_stream stream{};
  constexpr int gzip_only = 15 + 16;  // window bits 15; +16 accepts the gzip framing and nothing else
  if (inflateInit2(&stream, gzip_only) != Z_OK) return std::nullopt;
  stream.next_in = const_cast<Bytef*>(file.data());  // zlib's API predates const; it does not write there
  stream.avail_in = static_cast<uInt>(file.size());
  std::vector<std::uint8_t> out;
  std::uint8_t chunk[1 << 14];
  bool complete = false;
  for (;;) {
    stream.next_out = chunk;
    stream.avail_out = sizeof chunk;
    const int status = inflate(&stream, Z_NO_FLUSH);
    out.insert(out.end(), chunk, chunk + (sizeof chunk - stream.avail_out));
    if (status == Z_STREAM_END) {
      complete = stream.avail_in == 0;
      if (complete || inflateReset(&stream) != Z_OK) break;  // more bytes: they must be another member
    } else if (status != Z_OK) {
      break;  // damaged (Z_DATA_ERROR) or cut short (Z_BUF_ERROR: no input left before the member's end)
    }
  }
  inflateEnd(&stream);
  if (!complete) return std::nullopt;
  return out;
}

}  // namespace nnstatic::fuzz
