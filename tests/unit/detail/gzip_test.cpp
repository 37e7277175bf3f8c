// gzip_reader: plain files pass through, gzip members are inflated and their framing checked, and every
// failure names the file once and the compressed byte offset where it was found. The hostile files are made here
// with zlib, at test time.
#include <nnstatic/detail/gzip.hpp>

#include <doctest/doctest.h>

#include "../../support/gzip_bytes.hpp"
#include "../../support/scratch_directory.hpp"
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using bytes = std::vector<std::uint8_t>;
using nnstatic::testing::gzip;
using nnstatic::testing::scratch_directory;

// The reader throws the types it is given; these stand apart from nnstatic's, so the test sees which one it got.
struct unreadable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct corrupt : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct test_errors {
  using file = unreadable;
  using data = corrupt;
};
using gzip_reader = nnstatic::detail::gzip_reader<test_errors>;

// Bytes that deflate cannot shrink much, so that the compressed stream is long enough to cut and corrupt.
bytes noise(std::size_t size) {
  bytes out(size);
  std::uint64_t state = 1;
  for (auto& byte : out) byte = static_cast<std::uint8_t>((state = state * 6364136223846793005U + 1442695040888963407U) >> 56);
  return out;
}

bytes operator+(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

fs::path write_file(const fs::path& path, const bytes& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
  REQUIRE(out.good());
  return path;
}

// Everything the reader delivers, read in pieces of `piece` bytes.
bytes read_all(const fs::path& path, std::size_t piece = 1000) {
  gzip_reader in(path);
  bytes out;
  for (;;) {
    const std::size_t old = out.size();
    out.resize(old + piece);
    const std::size_t got = in.read(std::span(out).subspan(old));
    out.resize(old + got);
    if (got < piece) break;
  }
  return out;
}

// The message of the `corrupt` that reading all of `path` throws; fails the test if none is thrown.
std::string read_error(const fs::path& path) {
  try {
    (void)read_all(path);
  } catch (const corrupt& e) {
    return e.what();
  }
  FAIL("reading '", path.string(), "' threw no data error");
  return {};
}

std::size_t occurrences(std::string_view text, std::string_view part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

void check_mentions(const std::string& message, std::initializer_list<std::string_view> parts) {
  INFO("message: ", message);
  for (const std::string_view part : parts) CHECK_MESSAGE(message.find(part) != std::string::npos, "missing: ", part);
}

}  // namespace

TEST_CASE("gzip_reader passes a plain file through and knows its length") {
  scratch_directory dir;
  const bytes data = noise(300000);
  const auto path = write_file(dir.path / "plain", data);
  CHECK(read_all(path) == data);
  gzip_reader in(path);
  CHECK_FALSE(in.compressed());
  REQUIRE(in.known_length().has_value());
  CHECK(*in.known_length() == data.size());
}

TEST_CASE("gzip_reader inflates one member, several members one after another, and optional header fields") {
  scratch_directory dir;
  const bytes data = noise(300000);
  for (const std::size_t piece : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 20}) {
    CAPTURE(piece);
    CHECK(read_all(write_file(dir.path / "one.gz", gzip(data)), piece) == data);
    CHECK(read_all(write_file(dir.path / "stored.gz", gzip(data, 0)), piece) == data);
  }
  const bytes first(data.begin(), data.begin() + 1000);
  const bytes second(data.begin() + 1000, data.end());
  CHECK(read_all(write_file(dir.path / "two.gz", gzip(first) + gzip(second))) == data);  // gzip(1) reads these too
  CHECK(read_all(write_file(dir.path / "empty-member.gz", gzip(first) + gzip({}) + gzip(second))) == data);

  char name[] = "name.idx";
  char comment[] = "a comment";
  Bytef extra[] = {'A', 'B', 2, 0, 1, 2};
  gz_header header{};
  header.name = reinterpret_cast<Bytef*>(name);
  header.comment = reinterpret_cast<Bytef*>(comment);
  header.extra = extra;
  header.extra_len = sizeof extra;
  header.hcrc = 1;
  const auto path = write_file(dir.path / "fields.gz", gzip(data, 6, &header));
  CHECK(read_all(path) == data);
  gzip_reader in(path);
  CHECK(in.compressed());
  CHECK_FALSE(in.known_length().has_value());
}

TEST_CASE("a gzip member whose trailer is missing or cut short is refused") {
  scratch_directory dir;
  const bytes member = gzip(noise(5000));
  for (const std::size_t kept : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{7}}) {
    CAPTURE(kept);
    const bytes cut(member.begin(), member.end() - 8 + static_cast<std::ptrdiff_t>(kept));
    const auto path = write_file(dir.path / "no-trailer.gz", cut);
    const std::string message = read_error(path);
    check_mentions(message, {"'" + path.string() + "'", "compressed byte offset " + std::to_string(member.size() - 8),
                             "after 5000 decompressed bytes", "trailer", "missing or cut short",
                             "found " + std::to_string(kept) + " of its 8 bytes"});
    CHECK(occurrences(message, path.string()) == 1);
  }
}

TEST_CASE("a changed byte that still inflates is caught by the CRC-32, a wrong length by the length") {
  scratch_directory dir;
  bytes member = gzip(noise(5000), 0);  // stored blocks: the changed byte inflates to a wrong byte
  member[member.size() / 2] ^= 0x20;
  const auto path = write_file(dir.path / "changed.gz", member);
  const std::string message = read_error(path);
  check_mentions(message, {"compressed byte offset " + std::to_string(member.size() - 8),
                           "the CRC-32 of the uncompressed data", "does not match the gzip trailer's"});
  CHECK(message.find("deflate stream") == std::string::npos);
  CHECK(occurrences(message, path.string()) == 1);

  SUBCASE("and without its trailer it is refused all the same") {
    member.resize(member.size() - 8);
    check_mentions(read_error(write_file(path, member)), {"trailer", "missing or cut short"});
  }
  SUBCASE("length") {
    bytes good = gzip(noise(5000));
    good[good.size() - 1] ^= 0x01;  // the top byte of the length
    check_mentions(read_error(write_file(path, good)),
                   {"compressed byte offset " + std::to_string(good.size() - 4), "length of the uncompressed data",
                    "5000", "does not match the gzip trailer's 16782216"});
  }
}

TEST_CASE("bytes after a gzip member that are not another member are refused at their offset") {
  scratch_directory dir;
  const bytes member = gzip(noise(5000));
  const std::string end = "compressed byte offset " + std::to_string(member.size());
  const auto path = dir.path / "garbage.gz";
  check_mentions(read_error(write_file(path, member + bytes{0x50, 0x4b, 3})),
                 {end, "bytes after the gzip member", "found 0x50 0x4b"});
  check_mentions(read_error(write_file(path, member + bytes(1000, 0))), {end, "found 0x00 0x00"});
  check_mentions(read_error(write_file(path, member + bytes{0x1f})), {end, "found 0x1f"});

  // The reader stops at the first byte that is not a member; it never inflates a second one.
  const bytes second = gzip(bytes(100000, 0));
  check_mentions(read_error(write_file(path, member + bytes{0} + second)), {end, "found 0x00 0x1f"});
}

TEST_CASE("corrupt deflate data and broken gzip headers name what failed and the compressed offset") {
  scratch_directory dir;
  const bytes good = gzip(noise(200000));
  const auto path = dir.path / "bad.gz";

  SUBCASE("corrupt deflate data") {
    bytes raw = good;
    raw[10] |= 0x06;  // the first block's type (bits 1 and 2 after the 10-byte header) becomes 3, which is reserved
    const std::string message = read_error(write_file(path, raw));
    check_mentions(message, {"compressed data is corrupt (zlib: invalid block type)", "after 0 decompressed bytes"});
    CHECK(occurrences(message, path.string()) == 1);
    // Where zlib gave up, just after the block header, not where the read began.
    const auto at = message.find("compressed byte offset ");
    REQUIRE(at != std::string::npos);
    CHECK(std::stoull(message.substr(at + 23)) == 11);
  }
  SUBCASE("deflate data cut short") {
    const std::string message = read_error(write_file(path, bytes(good.begin(), good.begin() + 100000)));
    check_mentions(message, {"compressed byte offset 100000", "ends early, inside the compressed data"});
  }
  SUBCASE("unknown method") {
    bytes raw = good;
    raw[2] = 7;
    check_mentions(read_error(write_file(path, raw)),
                   {"compressed byte offset 2", "compression method 0x07", "expected 0x08 (deflate)"});
  }
  SUBCASE("reserved flags") {
    bytes raw = good;
    raw[3] = 0x80;
    check_mentions(read_error(write_file(path, raw)), {"compressed byte offset 3", "reserved", "0x80"});
  }
  SUBCASE("header cut short") {
    check_mentions(read_error(write_file(path, bytes(good.begin(), good.begin() + 6))),
                   {"compressed byte offset 6", "gzip header", "cut short"});
  }
  SUBCASE("header CRC") {
    char name[] = "x";
    gz_header header{};
    header.name = reinterpret_cast<Bytef*>(name);
    header.hcrc = 1;
    bytes raw = gzip(noise(100), 6, &header);
    raw[12] ^= 0xff;  // after 10 fixed bytes and "x\0"
    check_mentions(read_error(write_file(path, raw)), {"compressed byte offset 12", "header's CRC-16"});
  }
}

TEST_CASE("skip reads no further than it is asked") {
  scratch_directory dir;
  const auto path = write_file(dir.path / "zeros.gz", gzip(bytes(std::size_t{16} << 20, 0)));
  gzip_reader in(path);
  CHECK(in.skip(4097) == 4097);
  CHECK(in.offset() == 4097);
  CHECK(in.compressed_offset() < fs::file_size(path));
  CHECK(in.skip(std::uint64_t{1} << 40) == (std::uint64_t{16} << 20) - 4097);
}

TEST_CASE("a device without end passes through as plain data of unknown length") {
  gzip_reader in("/dev/zero");
  CHECK_FALSE(in.compressed());
  CHECK_FALSE(in.known_length().has_value());
  bytes out(100000, 1);
  CHECK(in.read(out) == out.size());
  CHECK(out == bytes(100000, 0));
}

TEST_CASE("a file that cannot be opened is the file error, naming it") {
  scratch_directory dir;
  CHECK_THROWS_WITH_AS(gzip_reader(dir.path / "missing.gz"), doctest::Contains("missing.gz': no such file"),
                       unreadable);
  CHECK_THROWS_WITH_AS(gzip_reader(dir.path), doctest::Contains("expected a file, found a directory"), unreadable);
}
