#include <nnstatic/data/idx.hpp>

#include <doctest/doctest.h>

#include "../../support/allocation_watch.hpp"
#include "../../support/gzip_bytes.hpp"
#include "../../support/scratch_directory.hpp"
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace data = nnstatic::data;
using bytes = std::vector<std::uint8_t>;
using nnstatic::testing::gzip;
using nnstatic::testing::scratch_directory;

bytes idx_header(std::uint8_t type, std::initializer_list<std::uint32_t> dims) {
  bytes out = {0, 0, type, static_cast<std::uint8_t>(dims.size())};
  for (const std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(d >> shift));
  return out;
}

std::uint8_t pixel_value(std::size_t image, std::size_t row, std::size_t column) {
  return static_cast<std::uint8_t>((image * 31 + row * 7 + column * 3) % 256);
}

bytes images_file(std::uint32_t count, std::uint32_t rows, std::uint32_t columns) {
  bytes out = idx_header(0x08, {count, rows, columns});
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < columns; ++c) out.push_back(pixel_value(i, r, c));
  return out;
}

bytes labels_file(std::uint32_t count, std::uint8_t classes = 10) {
  bytes out = idx_header(0x08, {count});
  for (std::uint32_t i = 0; i < count; ++i) out.push_back(static_cast<std::uint8_t>(i % classes));
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
  const int written = gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  CHECK(static_cast<std::size_t>(written) == content.size());
  REQUIRE(gzclose(file) == Z_OK);
  return path;
}

bytes read_raw(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
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

}  // namespace

TEST_CASE("a good IDX pair loads the same plain and gzipped") {
  scratch_directory dir;
  const bytes images = images_file(5, 3, 4);
  const bytes labels = labels_file(5);

  const auto check = [](const data::dataset& d) {
    CHECK(d.size() == 5);
    CHECK(d.height == 3);
    CHECK(d.width == 4);
    CHECK(d.channels == 1);
    CHECK(d.classes == 10);
    CHECK(d.image_size() == 12);
    REQUIRE(d.images.size() == 60);
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(d.labels[i] == i);
      for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 4; ++c) CHECK(d.image(i)[r * 4 + c] == static_cast<float>(pixel_value(i, r, c)));
    }
  };

  SUBCASE("plain") {
    check(data::load_idx(write_plain(dir.path / "images", images), write_plain(dir.path / "labels", labels)));
  }
  SUBCASE("gzipped") {
    const auto gz_images = write_gzip(dir.path / "images.gz", images);
    const auto gz_labels = write_gzip(dir.path / "labels.gz", labels);
    const bytes raw = read_raw(gz_images);
    REQUIRE(raw.size() >= 2);
    CHECK(raw[0] == 0x1f);  // really compressed, so the test exercises inflate
    CHECK(raw[1] == 0x8b);
    check(data::load_idx(gz_images, gz_labels));
  }
  SUBCASE("one of each") {
    check(data::load_idx(write_gzip(dir.path / "images.gz", images), write_plain(dir.path / "labels", labels)));
  }
}

TEST_CASE("the low-level IDX readers return the raw bytes") {
  scratch_directory dir;
  const auto images = data::load_idx_images(write_gzip(dir.path / "i.gz", images_file(2, 2, 3)));
  CHECK(images.count == 2);
  CHECK(images.rows == 2);
  CHECK(images.columns == 3);
  const bytes file = images_file(2, 2, 3);
  CHECK(images.pixels == bytes(file.begin() + 16, file.end()));

  const auto labels = data::load_idx_labels(write_plain(dir.path / "l", labels_file(4, 3)));
  CHECK(labels == bytes{0, 1, 2, 0});

  CHECK(data::load_idx_images(write_plain(dir.path / "empty", images_file(0, 28, 28))).pixels.empty());
}

TEST_CASE("a bad magic number names the file, the offset and both bytes") {
  scratch_directory dir;
  bytes content = images_file(1, 2, 2);
  content[0] = 0x50;
  content[1] = 0x4b;
  const auto path = write_plain(dir.path / "bad-magic-images", content);
  check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                 {"bad-magic-images", "byte offset 0", "expected two zero bytes", "found 0x50 0x4b"});

  content[0] = 0;
  write_plain(path, content);
  CHECK_THROWS_WITH_AS((void)data::load_idx_images(path), doctest::Contains("byte offset 1: the magic number"),
                       nnstatic::data_error);
}

TEST_CASE("an element type other than unsigned byte is named") {
  scratch_directory dir;
  bytes content = idx_header(0x0d, {1, 2, 2});
  content.resize(content.size() + 16);
  const auto path = write_plain(dir.path / "float-images", content);
  check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                 {"float-images", "byte offset 2", "expected 0x08 (unsigned byte)", "found 0x0d (32-bit float)"});

  content[2] = 0x42;
  write_plain(path, content);
  CHECK_THROWS_WITH_AS((void)data::load_idx_images(path), doctest::Contains("found 0x42 (not an IDX type)"),
                       nnstatic::data_error);
}

TEST_CASE("a wrong number of dimensions is named, with a hint when images and labels are swapped") {
  scratch_directory dir;
  const auto labels = write_plain(dir.path / "labels-idx1", labels_file(3));
  const auto images = write_plain(dir.path / "images-idx3", images_file(3, 2, 2));
  check_mentions(message_of([&] { (void)data::load_idx_images(labels); }),
                 {"labels-idx1", "byte offset 3", "expected 3 (images x rows x columns)", "found 1 (a labels file?)"});
  check_mentions(message_of([&] { (void)data::load_idx_labels(images); }),
                 {"images-idx3", "byte offset 3", "expected 1 (labels)", "found 3 (an images file?)"});

  const auto rank2 = write_plain(dir.path / "rank2", idx_header(0x08, {1, 4}));
  check_mentions(message_of([&] { (void)data::load_idx_images(rank2); }), {"rank2", "expected 3", "found 2"});
}

TEST_CASE("a header that ends early says how much was expected and found") {
  scratch_directory dir;
  const bytes good = images_file(2, 2, 2);
  const auto path = write_plain(dir.path / "short-header", bytes(good.begin(), good.begin() + 10));
  check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                 {"short-header", "byte offset 10", "header ends early", "expected 16 header bytes", "found 10"});

  const auto empty = write_plain(dir.path / "empty-file", {});
  check_mentions(message_of([&] { (void)data::load_idx_labels(empty); }),
                 {"empty-file", "byte offset 0", "expected 8 header bytes", "found 0"});
}

TEST_CASE("zero rows or columns are rejected at their offset") {
  scratch_directory dir;
  const auto rows = write_plain(dir.path / "no-rows", idx_header(0x08, {1, 0, 5}));
  check_mentions(message_of([&] { (void)data::load_idx_images(rows); }),
                 {"no-rows", "byte offset 8", "number of rows", "expected a number above zero", "found 0"});
  const auto columns = write_plain(dir.path / "no-columns", idx_header(0x08, {1, 5, 0}));
  check_mentions(message_of([&] { (void)data::load_idx_images(columns); }),
                 {"no-columns", "byte offset 12", "number of columns"});
}

TEST_CASE("data that ends early says how many bytes were expected, found and where") {
  scratch_directory dir;
  bytes content = images_file(3, 4, 5);  // 16 + 60 bytes
  content.resize(content.size() - 7);

  SUBCASE("plain") {
    const auto path = write_plain(dir.path / "short-images", content);
    check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                   {"short-images", "byte offset 69", "data ends early",
                    "expected 60 bytes (3 images of 4 x 5) from byte offset 16", "found 53"});
  }
  SUBCASE("gzipped: offsets count decompressed bytes") {
    const auto path = write_gzip(dir.path / "short-images.gz", content);
    check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                   {"short-images.gz", "byte offset 69 of the decompressed data", "expected 60 bytes", "found 53"});
  }
  SUBCASE("labels") {
    bytes labels = labels_file(10);
    labels.pop_back();
    const auto path = write_plain(dir.path / "short-labels", labels);
    check_mentions(message_of([&] { (void)data::load_idx_labels(path); }),
                   {"short-labels", "byte offset 17", "expected 10 bytes (10 labels) from byte offset 8", "found 9"});
  }
}

TEST_CASE("a gzip stream that is cut off or corrupt is reported") {
  scratch_directory dir;
  const bytes content = images_file(50, 28, 28);
  const auto path = write_gzip(dir.path / "cut.gz", content);

  SUBCASE("cut off") {
    fs::resize_file(path, fs::file_size(path) / 2);
    check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                   {"cut.gz", "compressed byte offset", "ends early, inside the compressed data"});
  }
  SUBCASE("corrupt") {
    bytes raw = read_raw(path);
    for (std::size_t i = raw.size() / 3; i < raw.size() / 3 + 64; ++i) raw[i] = static_cast<std::uint8_t>(~raw[i]);
    write_plain(path, raw);
    check_mentions(message_of([&] { (void)data::load_idx_images(path); }), {"cut.gz", "byte offset", "corrupt"});
  }
}

TEST_CASE("bytes after the data are an error naming the offset where the file should end") {
  scratch_directory dir;
  bytes content = images_file(2, 3, 3);  // ends at 16 + 18 = 34
  content.insert(content.end(), {1, 2, 3});
  const auto path = write_plain(dir.path / "long-images", content);
  check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                 {"long-images", "byte offset 34", "trailing bytes", "expected the file to end at byte offset 34",
                  "found 3 more bytes"});

  bytes labels = labels_file(4);
  labels.push_back(0);
  const auto gz = write_gzip(dir.path / "long-labels.gz", labels);
  check_mentions(message_of([&] { (void)data::load_idx_labels(gz); }),
                 {"long-labels.gz", "byte offset 12 of the decompressed data", "found 1 more byte"});
}

TEST_CASE("image and label counts must agree") {
  scratch_directory dir;
  const auto images = write_plain(dir.path / "five-images", images_file(5, 2, 2));
  const auto labels = write_gzip(dir.path / "four-labels.gz", labels_file(4));
  check_mentions(message_of([&] { (void)data::load_idx(images, labels); }),
                 {"five-images", "four-labels.gz", "byte offset 4", "expected 5 labels", "found 4"});
}

TEST_CASE("labels must be below the number of classes") {
  scratch_directory dir;
  const auto images = write_plain(dir.path / "images", images_file(6, 2, 2));
  bytes content = labels_file(6);
  content[8 + 3] = 10;
  const auto labels = write_plain(dir.path / "labels-out-of-range", content);
  check_mentions(message_of([&] { (void)data::load_idx(images, labels); }),
                 {"labels-out-of-range", "byte offset 11", "sample 3", "expected a label below 10", "found 10"});

  CHECK(data::load_idx(images, labels, 11).classes == 11);
  CHECK_THROWS_WITH_AS((void)data::load_idx(images, labels, 3), doctest::Contains("expected a label below 3, found 10"),
                       nnstatic::data_error);
  CHECK_THROWS_AS((void)data::load_idx(images, labels, 0), nnstatic::error);
}

TEST_CASE("a missing file or folder is a file_error naming the path") {
  scratch_directory dir;
  check_mentions(message_of<nnstatic::file_error>([&] { (void)data::load_idx_images(dir.path / "nowhere-idx3"); }),
                 {"nowhere-idx3", "no such file"});
  check_mentions(message_of<nnstatic::file_error>([&] { (void)data::load_idx_labels(dir.path); }),
                 {dir.path.string(), "found a directory"});
  const fs::path missing = dir.path / "no-such-folder";
  check_mentions(message_of<nnstatic::file_error>([&] { (void)data::load_mnist_folder(missing, data::split::train); }),
                 {"no-such-folder", "no such directory"});
}

TEST_CASE("load_mnist_folder finds plain and gzipped files of either split") {
  scratch_directory dir;
  write_plain(dir.path / "train-images-idx3-ubyte", images_file(7, 28, 28));
  write_gzip(dir.path / "train-labels-idx1-ubyte.gz", labels_file(7));
  write_gzip(dir.path / "t10k-images-idx3-ubyte.gz", images_file(3, 28, 28));
  write_gzip(dir.path / "t10k-labels-idx1-ubyte.gz", labels_file(3));

  const auto train = data::load_mnist_folder(dir.path, data::split::train);
  CHECK(train.size() == 7);
  CHECK(train.image_size() == 784);
  const auto test = data::load_mnist_folder(dir.path, data::split::test);
  CHECK(test.size() == 3);
  CHECK(test.image(2)[28 + 1] == static_cast<float>(pixel_value(2, 1, 1)));

  fs::remove(dir.path / "t10k-labels-idx1-ubyte.gz");
  check_mentions(message_of<nnstatic::file_error>([&] { (void)data::load_mnist_folder(dir.path, data::split::test); }),
                 {(dir.path / "t10k-labels-idx1-ubyte").string(), "t10k-labels-idx1-ubyte.gz"});
}

// ---- Loaders that cannot be fooled: hostile gzip framing, trailing data, claims past the limits. ----
// The largest single allocation of a call, seen through the replaced global operator new of
// support/allocation_watch.hpp, tells that a loader did not allocate what a header merely claims.

namespace {

bytes concat(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A .gz of `content` followed by `zeros` zero bytes, compressed as it goes: a few hundred kilobytes on disk for
// any number of zeros.
fs::path write_gzip_with_zeros(const fs::path& path, const bytes& content, std::uint64_t zeros) {
  gzFile file = gzopen(path.c_str(), "wb1");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, content.data(), static_cast<unsigned>(content.size())) == static_cast<int>(content.size()));
  const bytes chunk(std::size_t{1} << 20, 0);
  for (std::uint64_t left = zeros; left > 0;) {
    const auto piece = static_cast<unsigned>(std::min<std::uint64_t>(left, chunk.size()));
    REQUIRE(gzwrite(file, chunk.data(), piece) == static_cast<int>(piece));
    left -= piece;
  }
  REQUIRE(gzclose(file) == Z_OK);
  return path;
}

}  // namespace

TEST_CASE("a gzip IDX file with a changed byte is refused, with or without its trailer, never loaded as wrong labels") {
  scratch_directory dir;
  bytes member = gzip(labels_file(1000), 0);
  const std::size_t changed = member.size() - 8 - 500;  // a label byte inside the stored block
  member[changed] ^= 0x04;                              // a label of 0 to 9 that stays below 10
  const auto path = dir.path / "changed-labels.gz";

  write_plain(path, member);
  check_mentions(message_of([&] { (void)data::load_idx_labels(path); }),
                 {"changed-labels.gz", "the CRC-32 of the uncompressed data", "does not match the gzip trailer's"});

  member.resize(member.size() - 8);
  write_plain(path, member);
  const std::string message = message_of([&] { (void)data::load_idx_labels(path); });
  check_mentions(message, {"changed-labels.gz", "compressed byte offset " + std::to_string(member.size()),
                           "trailer", "missing or cut short"});
  CHECK(message.find(path.string()) == message.rfind(path.string()));  // the path once
}

TEST_CASE("whatever follows the gzip member of an IDX file is seen: garbage, or data in a further member") {
  scratch_directory dir;
  const bytes member = gzip(labels_file(4), 6);
  const auto path = dir.path / "followed.gz";

  write_plain(path, concat(member, {0x50, 0x4b, 0x03, 0x04}));
  check_mentions(message_of([&] { (void)data::load_idx_labels(path); }),
                 {"followed.gz", "compressed byte offset " + std::to_string(member.size()), "bytes after the gzip member",
                  "found 0x50 0x4b"});

  write_plain(path, concat(member, gzip({7, 8, 9}, 6)));  // gzip(1) would read these as one stream: so does nnstatic
  check_mentions(message_of([&] { (void)data::load_idx_labels(path); }),
                 {"followed.gz", "byte offset 12 of the decompressed data", "trailing bytes", "found 3 more bytes"});

  write_plain(path, concat(member, gzip({}, 6)));  // an empty further member adds nothing
  CHECK(data::load_idx_labels(path).size() == 4);
}

TEST_CASE("bytes after the data are refused after reading a few of them, not all") {
  scratch_directory dir;
  const bytes image = images_file(1, 28, 28);
  constexpr std::uint64_t zeros = std::uint64_t{64} << 20;
  const auto path = write_gzip_with_zeros(dir.path / "one-image-then-zeros.gz", image, zeros);
  check_mentions(message_of([&] { (void)data::load_idx_images(path); }),
                 {"one-image-then-zeros.gz", "byte offset 800 of the decompressed data", "trailing bytes",
                  "found more than 4096 more bytes"});

  // The same steps as load_idx_images, on a reader the test can ask how far it went.
  data::detail::data_file in(path);
  data::detail::byte_budget budget{data::load_limits{}};
  (void)data::detail::read_idx_header(in, 3, "images x rows x columns");
  (void)data::detail::read_idx_data(in, 784, "1 image of 28 x 28", budget);
  CHECK_THROWS_AS(data::detail::expect_idx_end(in), nnstatic::data_error);
  CHECK(in.offset() <= image.size() + 4097);
  CHECK(in.offset() < zeros / 1000);

  // A plain file's size is known, so its extra bytes are counted without reading them.
  const auto plain = write_plain(dir.path / "one-image-then-7", concat(image, bytes(7, 0)));
  check_mentions(message_of([&] { (void)data::load_idx_images(plain); }), {"byte offset 800", "found 7 more bytes"});
}

TEST_CASE("a count beyond load_limits is refused before anything is allocated for it, naming file, count and limit") {
  scratch_directory dir;
  bytes claim = idx_header(0x08, {0xffffffffU});
  claim.resize(claim.size() + 100000, 1);
  const auto path = write_gzip(dir.path / "claims-4g-labels.gz", claim);
  std::string message;
  const auto tally = nnstatic::testing::allocations_during(
      [&] { message = message_of([&] { (void)data::load_idx_labels(path); }); });
  check_mentions(message, {"claims-4g-labels.gz", "byte offset 4", "4294967295 labels", "4294967295 bytes",
                           "the limit of 268435456 bytes", "load_limits::max_bytes"});
  CHECK(tally.largest < (std::size_t{1} << 20));

  const auto images = write_plain(dir.path / "images", images_file(5, 3, 4));  // 60 bytes of pixels
  const auto labels = write_plain(dir.path / "labels", labels_file(5));        // 5 bytes of labels
  CHECK(data::load_idx_images(images, {.max_bytes = 60}).count == 5);
  check_mentions(message_of([&] { (void)data::load_idx_images(images, {.max_bytes = 59}); }),
                 {"'" + images.string() + "'", "5 images of 3 x 4 (60 bytes)", "the limit of 59 bytes"});
  CHECK(data::load_idx(images, labels, 10, {.max_bytes = 65}).size() == 5);
  check_mentions(message_of([&] { (void)data::load_idx(images, labels, 10, {.max_bytes = 64}); }),
                 {"'" + labels.string() + "'", "5 labels (5 bytes)", "the limit of 64 bytes",
                  "60 of them taken by the data read before"});
}

TEST_CASE("an 11-byte file that claims 2^32-1 labels is refused without reserving memory for them") {
  scratch_directory dir;
  bytes content = idx_header(0x08, {0xffffffffU});
  content.insert(content.end(), {1, 2, 3});
  const auto path = write_plain(dir.path / "eleven-bytes", content);
  std::string message;
  const auto tally = nnstatic::testing::allocations_during(
      [&] { message = message_of([&] { (void)data::load_idx_labels(path); }); });
  check_mentions(message,
                 {"eleven-bytes", "byte offset 11", "data ends early", "expected 4294967295 bytes", "found 3"});
  CHECK(tally.largest < (std::size_t{1} << 20));
}
