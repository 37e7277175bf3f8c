// libFuzzer target: the input is the decompressed contents of an IDX file, which the harness gzip-compresses
// before the loaders read it. Mutating compressed bytes mostly breaks the CRC-32; this way every mutation of the
// IDX fields reaches the checks behind the gzip layer, where offsets count decompressed bytes and the file size
// says nothing about how much data a header may claim. An accepted file must hold exactly the data returned.
#include <nnstatic/data/idx.hpp>

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "data_oracle.hpp"
#include "harness.hpp"

namespace {

// A whole gzip member (header, deflate stream, CRC-32 and length trailer) of `bytes`, as gzip(1) writes it.
std::vector<std::uint8_t> gzip_member(std::span<const std::uint8_t> bytes) {
  z_stream stream{};
  constexpr int gzip_window_bits = 15 + 16;  // 16 asks zlib for the gzip framing instead of zlib's own
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    nnstatic::fuzz::finding("the harness's deflateInit2 failed", "");
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(bytes.size())));
  stream.next_in = const_cast<Bytef*>(bytes.data());  // zlib's API predates const; it does not write there
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) nnstatic::fuzz::finding("the harness's deflate did not finish", "");
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fuzz = nnstatic::fuzz;
  static fuzz::input_file file("idx_gzip", ".gz");
  const std::vector<std::uint8_t> compressed = gzip_member(std::span(data, size));
  const auto& path = file.hold(compressed);
  nnstatic::data::idx_images images;
  if (fuzz::expect_only_nnstatic_errors("load_idx_images", [&] { images = nnstatic::data::load_idx_images(path); }))
    fuzz::expect_whole_file("load_idx_images", compressed, 16, images.pixels);
  std::vector<std::uint8_t> labels;
  if (fuzz::expect_only_nnstatic_errors("load_idx_labels", [&] { labels = nnstatic::data::load_idx_labels(path); }))
    fuzz::expect_whole_file("load_idx_labels", compressed, 8, labels);
  return 0;
}
