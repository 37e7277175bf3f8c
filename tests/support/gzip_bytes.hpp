#pragma once
// gzip members made with zlib at test time, so that hostile files (cut, corrupted, followed by other bytes) are
// built by the test that reads them rather than shipped.
#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdint>
#include <vector>

namespace nnstatic::testing {

/// One gzip member holding `data`. Level 0 makes stored blocks, in which a changed byte still inflates (to a wrong
/// byte, without a deflate error), so only the CRC-32 can tell. `header`, if given, adds gzip's optional fields.
inline std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t>& data, int level = Z_DEFAULT_COMPRESSION,
                                      gz_header* header = nullptr) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  if (header != nullptr) REQUIRE(deflateSetHeader(&stream, header) == Z_OK);
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(data.size())) + 1024);
  stream.next_in = const_cast<Bytef*>(data.data());
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace nnstatic::testing
