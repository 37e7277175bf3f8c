#include <nnstatic/data/cifar.hpp>

#include <doctest/doctest.h>

#include "../../support/scratch_directory.hpp"
#include <zlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace data = nnstatic::data;
using bytes = std::vector<std::uint8_t>;
using nnstatic::testing::scratch_directory;

// Distinct in channel, row, column and record, so a transposed plane or a swapped record shows.
std::uint8_t pixel_value(std::size_t record, std::size_t channel, std::size_t y, std::size_t x) {
  return static_cast<std::uint8_t>((record * 11 + channel * 97 + y * 7 + x * 3) % 256);
}

// Records `first` .. `first + count - 1` in CIFAR-10's layout: label, then the R, G and B planes.
bytes records(std::size_t first, std::size_t count) {
  bytes out;
  for (std::size_t r = first; r < first + count; ++r) {
    out.push_back(static_cast<std::uint8_t>(r % 10));
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t y = 0; y < 32; ++y)
        for (std::size_t x = 0; x < 32; ++x) out.push_back(pixel_value(r, c, y, x));
  }
  return out;
}

fs::path write_plain(const fs::path& path, const bytes& content) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
  REQUIRE(out.good());
  return path;
}

fs::path write_gzip(const fs::path& path, const bytes& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  CHECK(static_cast<std::size_t>(gzwrite(file, content.data(), static_cast<unsigned>(content.size()))) ==
        content.size());
  REQUIRE(gzclose(file) == Z_OK);
  return path;
}

// The message of the `Error` that `f` throws; fails the test if it throws nothing.
template <class Error = nnstatic::data_error, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("expected an exception, none was thrown");
  return {};
}

void check_mentions(const std::string& message, std::initializer_list<std::string_view> parts) {
  INFO("message: ", message);
  for (const std::string_view part : parts) CHECK_MESSAGE(message.find(part) != std::string::npos, "missing: ", part);
}

// Every pixel of image `index` of `d` against record `record` as written by `records`.
void check_image(const data::dataset& d, std::size_t index, std::size_t record) {
  const auto image = d.image(index);
  std::size_t wrong = 0;
  for (std::size_t y = 0; y < 32; ++y)
    for (std::size_t x = 0; x < 32; ++x)
      for (std::size_t c = 0; c < 3; ++c)
        if (image[(y * 32 + x) * 3 + c] != static_cast<float>(pixel_value(record, c, y, x))) ++wrong;
  CHECK_MESSAGE(wrong == 0, "image ", index, " differs from record ", record, " in ", wrong, " values");
  CHECK(d.labels[index] == record % 10);
}

}  // namespace

TEST_CASE("CIFAR-10 records become NHWC 32 x 32 x 3 images") {
  scratch_directory dir;
  const std::array files = {write_plain(dir.path / "a.bin", records(0, 3)),
                            write_gzip(dir.path / "b.bin.gz", records(3, 2))};
  const auto d = data::load_cifar10(files);
  CHECK(d.size() == 5);
  CHECK(d.height == 32);
  CHECK(d.width == 32);
  CHECK(d.channels == 3);
  CHECK(d.classes == 10);
  CHECK(d.images.size() == 5 * 3072);
  for (std::size_t i = 0; i < 5; ++i) check_image(d, i, i);

  // The first pixel of record 0 is (R, G, B) = plane values at (0, 0): 0, 97, 194.
  CHECK(d.image(0)[0] == 0.0f);
  CHECK(d.image(0)[1] == 97.0f);
  CHECK(d.image(0)[2] == 194.0f);
  // Pixel (y = 0, x = 1) follows it, not the next value of the red plane's column.
  CHECK(d.image(0)[3] == 3.0f);
}

TEST_CASE("a CIFAR-10 file that is not a whole number of records names the partial record's offset") {
  scratch_directory dir;
  bytes content = records(0, 2);
  content.resize(content.size() + 100);
  const std::array files = {write_plain(dir.path / "partial_batch.bin", content)};
  check_mentions(message_of([&] { (void)data::load_cifar10(files); }),
                 {"partial_batch.bin", "byte offset 6146", "cut short", "expected 3073 bytes per record",
                  "found 100 bytes", "6246, which is not a multiple of 3073"});

  const std::array gz = {write_gzip(dir.path / "partial_batch.bin.gz", content)};
  check_mentions(message_of([&] { (void)data::load_cifar10(gz); }),
                 {"partial_batch.bin.gz", "byte offset 6146 of the decompressed data", "found 100 bytes"});
}

TEST_CASE("a CIFAR-10 label above 9 is named with its record and offset") {
  scratch_directory dir;
  bytes content = records(0, 3);
  content[2 * 3073] = 10;
  const std::array files = {write_plain(dir.path / "good.bin", records(0, 1)),
                            write_plain(dir.path / "bad_label.bin", content)};
  check_mentions(message_of([&] { (void)data::load_cifar10(files); }),
                 {"bad_label.bin", "byte offset 6146", "record 2", "expected 0 to 9", "found 10"});
}

TEST_CASE("empty, missing and absent CIFAR-10 files are errors") {
  scratch_directory dir;
  const std::array empty = {write_plain(dir.path / "empty.bin", {})};
  check_mentions(message_of([&] { (void)data::load_cifar10(empty); }),
                 {"empty.bin", "byte offset 0", "expected at least one record", "found an empty file"});

  const std::array missing = {dir.path / "missing.bin"};
  check_mentions(message_of<nnstatic::file_error>([&] { (void)data::load_cifar10(missing); }),
                 {"missing.bin", "no such file"});

  CHECK_THROWS_WITH_AS((void)data::load_cifar10({}), doctest::Contains("expected at least one batch file"),
                       nnstatic::error);
}

TEST_CASE("load_cifar10_folder reads the five training batches in order, or the test batch") {
  scratch_directory dir;
  for (std::size_t b = 1; b <= 5; ++b)
    write_plain(dir.path / ("data_batch_" + std::to_string(b) + ".bin"), records((b - 1) * 2, 2));
  write_plain(dir.path / "test_batch.bin", records(100, 3));

  const auto train = data::load_cifar10_folder(dir.path, data::split::train);
  REQUIRE(train.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) check_image(train, i, i);

  const auto test = data::load_cifar10_folder(dir.path, data::split::test);
  REQUIRE(test.size() == 3);
  check_image(test, 2, 102);

  fs::remove(dir.path / "data_batch_4.bin");
  check_mentions(
      message_of<nnstatic::file_error>([&] { (void)data::load_cifar10_folder(dir.path, data::split::train); }),
      {"data_batch_4.bin", "no such file"});
  check_mentions(
      message_of<nnstatic::file_error>([&] { (void)data::load_cifar10_folder(dir.path / "nope", data::split::test); }),
      {"nope", "no such directory"});
}

TEST_CASE("CIFAR-10 records past load_limits are refused, all files counted together, naming file, offset and limit") {
  scratch_directory dir;
  const std::array files = {write_gzip(dir.path / "first.bin.gz", records(0, 6)),
                            write_gzip(dir.path / "second.bin.gz", records(6, 6))};
  CHECK(data::load_cifar10(files, {.max_bytes = 12 * 3073}).size() == 12);
  check_mentions(message_of([&] { (void)data::load_cifar10(files, {.max_bytes = 10 * 3073}); }),
                 {"'" + files[1].string() + "'", "byte offset 12292 of the decompressed data", "record 4",
                  "the limit of 30730 bytes per load", "30730 of them taken by the data read before",
                  "load_limits::max_bytes"});
  check_mentions(message_of([&] { (void)data::load_cifar10(files, {.max_bytes = 3072}); }),
                 {"'" + files[0].string() + "'", "byte offset 0", "record 0", "the limit of 3072 bytes per load"});
}

TEST_CASE("a device without end, such as /dev/zero, is refused at the limit rather than read forever") {
  const std::array files = {fs::path("/dev/zero")};
  check_mentions(message_of([&] { (void)data::load_cifar10(files, {.max_bytes = 100 * 3073}); }),
                 {"'/dev/zero' at byte offset 307300", "record 100", "the limit of 307300 bytes per load"});
}

TEST_CASE("a gzip CIFAR-10 file without its trailer is refused") {
  scratch_directory dir;
  const auto path = write_gzip(dir.path / "no_trailer.bin.gz", records(0, 3));
  fs::resize_file(path, fs::file_size(path) - 8);
  const std::array files = {path};
  check_mentions(message_of([&] { (void)data::load_cifar10(files); }),
                 {"no_trailer.bin.gz", "trailer", "missing or cut short"});
}
