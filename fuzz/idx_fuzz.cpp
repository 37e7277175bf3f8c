// libFuzzer target: an IDX file as it lies on disk, gzip-compressed or plain, read as images and as labels.
// Seeds of both kinds let the fuzzer reach the IDX checks and zlib's reading of a damaged gzip stream (header,
// deflate blocks, CRC-32 and length trailer, bytes after the member). An accepted file must hold exactly the
// data returned (data_oracle.hpp).
#include <nnstatic/data/idx.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "data_oracle.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fuzz = nnstatic::fuzz;
  static fuzz::input_file file("idx");
  const std::span input(data, size);
  const auto& path = file.hold(input);
  nnstatic::data::idx_images images;
  if (fuzz::expect_only_nnstatic_errors("load_idx_images", [&] { images = nnstatic::data::load_idx_images(path); }))
    fuzz::expect_whole_file("load_idx_images", input, 16, images.pixels);
  std::vector<std::uint8_t> labels;
  if (fuzz::expect_only_nnstatic_errors("load_idx_labels", [&] { labels = nnstatic::data::load_idx_labels(path); }))
    fuzz::expect_whole_file("load_idx_labels", input, 8, labels);
  return 0;
}
