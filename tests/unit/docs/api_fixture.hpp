#pragma once
// What the examples of docs/api.md share: the small network of its section 1 (a snippet of the document), tiny
// data made here (IDX files, plain and gzip, and the same images in memory) and a folder to put files in. It
// includes only <nnstatic/nnstatic.hpp>, so api_test.cpp shows that this one header is enough for sections 1-9.
#include <nnstatic/nnstatic.hpp>

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

namespace ns = nnstatic;

// snippet: network
using net = ns::sequential<ns::input<8, 8, 1>,                             //
                           ns::conv2d<4, 3>, ns::relu, ns::max_pool2d<2>,  //
                           ns::flatten, ns::dense<16>, ns::relu, ns::dense<3>, ns::softmax>;
static_assert(net::param_count == (3 * 3 * 1 * 4 + 4) + (36 * 16 + 16) + (16 * 3 + 3));
static_assert(std::is_same_v<net::layer<0>::output_shape, ns::shape<6, 6, 4>>);  // the conv2d: 6 x 6 x 4
static_assert(std::is_same_v<net::output_shape, ns::shape<3>>);
// snippet end

namespace api_fixture {

/// A folder of its own under the temporary directory, removed with everything in it at the end of a test.
struct scratch_folder {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("nnstatic_api_test_" + std::to_string(::getpid()));
  scratch_folder() {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~scratch_folder() { std::filesystem::remove_all(path); }
  scratch_folder(const scratch_folder&) = delete;
  scratch_folder& operator=(const scratch_folder&) = delete;
};

/// `count` 8 x 8 images of 3 classes as bytes: class k is a bright band in rows 2k to 2k + 2 over dim noise.
inline std::vector<std::uint8_t> band_pixels(std::size_t count) {
  std::vector<std::uint8_t> pixels(count * 64);
  std::uint32_t state = 12345;
  for (std::size_t n = 0; n < count; ++n)
    for (std::size_t y = 0; y < 8; ++y)
      for (std::size_t x = 0; x < 8; ++x) {
        state = state * 1664525u + 1013904223u;
        const bool lit = y >= 2 * (n % 3) && y < 2 * (n % 3) + 3;
        pixels[n * 64 + y * 8 + x] = static_cast<std::uint8_t>((lit ? 180 : 0) + (state >> 26));
      }
  return pixels;
}

inline std::vector<std::uint8_t> band_labels(std::size_t count) {
  std::vector<std::uint8_t> labels(count);
  for (std::size_t n = 0; n < count; ++n) labels[n] = static_cast<std::uint8_t>(n % 3);
  return labels;
}

/// An IDX file of unsigned bytes: magic, type 0x08, rank, big-endian dimensions, data.
inline std::string idx_file(const std::vector<std::uint8_t>& data, std::vector<std::uint32_t> dims) {
  std::string bytes{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((d >> shift) & 0xff));
  bytes.append(data.begin(), data.end());
  return bytes;
}

inline void write_plain(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline void write_gzip(const std::filesystem::path& path, const std::string& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  REQUIRE(gzclose(file) == Z_OK);
}

/// The four files of an MNIST-style folder, 90 training and 30 test images; the training images compressed.
inline void write_band_folder(const std::filesystem::path& folder) {
  write_gzip(folder / "train-images-idx3-ubyte.gz", idx_file(band_pixels(90), {90, 8, 8}));
  write_plain(folder / "train-labels-idx1-ubyte", idx_file(band_labels(90), {90}));
  write_plain(folder / "t10k-images-idx3-ubyte", idx_file(band_pixels(30), {30, 8, 8}));
  write_plain(folder / "t10k-labels-idx1-ubyte", idx_file(band_labels(30), {30}));
}

/// The band images as a data set of 3 classes with pixels in [0, 1], as the examples below load them.
inline ns::data::dataset band_data(std::size_t count) {
  const auto pixels = band_pixels(count);
  ns::data::dataset data{.images = std::vector<float>(pixels.begin(), pixels.end()),
                         .labels = band_labels(count),
                         .classes = 3,
                         .height = 8,
                         .width = 8,
                         .channels = 1};
  ns::data::scale(data, 1.0f / 255);
  return data;
}

using trainer_type = ns::trainer<net, ns::categorical_crossentropy, ns::adam, 32>;

}  // namespace api_fixture
