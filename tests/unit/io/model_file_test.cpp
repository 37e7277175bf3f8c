#include <nnstatic/core/error.hpp>
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/io/model_file.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/train/model.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include <zlib.h>

namespace {

namespace fs = std::filesystem;
using nnstatic::io::load_parameters;
using nnstatic::io::read_model_info;
using nnstatic::io::save_parameters;
using nnstatic::io::scalar_kind;

constexpr std::string_view mnist_10 =
    "input<28,28,1> conv2d<32,3x3,stride 1,valid> relu max_pool2d<2x2,stride 2> flatten dense<128> relu dense<10> "
    "softmax";
constexpr std::string_view mnist_64 =
    "input<28,28,1> conv2d<32,3x3,stride 1,valid> relu max_pool2d<2x2,stride 2> flatten dense<128> relu dense<64> "
    "softmax";

static_assert(nnstatic::io::scalar_kind_of_v<float> == scalar_kind::float32);
static_assert(nnstatic::io::scalar_kind_of_v<double> == scalar_kind::float64);
static_assert(nnstatic::io::scalar_kind_name(scalar_kind::float32) == "float32");
static_assert(nnstatic::io::scalar_kind_name(static_cast<scalar_kind>(7)) == "unknown");

// A fresh directory under the system's temporary directory, removed with everything in it.
class scratch_directory {
 public:
  scratch_directory() {
    std::random_device entropy;
    do {
      path_ = fs::temp_directory_path() / ("nnstatic-model-file-test-" + std::to_string(entropy()));
    } while (!fs::create_directory(path_));
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
  ~scratch_directory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }

  fs::path operator/(std::string_view name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out);
}

template <class UInt>
void patch(std::string& bytes, std::size_t offset, UInt value) {
  for (std::size_t i = 0; i != sizeof(UInt); ++i)
    bytes[offset + i] = static_cast<char>(static_cast<unsigned char>(value >> (8 * i)));
}

// Recomputes the trailing CRC-32 with zlib directly, so a test can change a header field and still get past the
// checksum to the check it means.
void refresh_checksum(std::string& bytes) {
  const auto covered = static_cast<uInt>(bytes.size() - 4);
  const auto crc = ::crc32(::crc32(0UL, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()), covered);
  patch(bytes, bytes.size() - 4, static_cast<std::uint32_t>(crc));
}

template <class T>
auto bits(T value) {
  return std::bit_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>(value);
}

template <class T>
std::vector<T> from_bits(std::initializer_list<std::uint64_t> patterns) {
  std::vector<T> values;
  for (const std::uint64_t pattern : patterns) {
    if constexpr (sizeof(T) == 4)
      values.push_back(std::bit_cast<T>(static_cast<std::uint32_t>(pattern)));
    else
      values.push_back(std::bit_cast<T>(pattern));
  }
  return values;
}

// Every value that a sloppy writer could lose: signed zero, the subnormal range, infinities and NaN payloads
// (quiet, signalling, negative), and some ordinary numbers.
template <class T>
std::vector<T> awkward_values() {
  using limits = std::numeric_limits<T>;
  std::vector<T> values{T(0), T(-0.0), T(1), T(-1.5), T(0.1), limits::epsilon()};
  // The edges of the subnormal range.
  values.insert(values.end(), {limits::min(), limits::min() / T(3), limits::denorm_min(), -limits::denorm_min()});
  values.insert(values.end(), {limits::max(), limits::lowest(), limits::infinity(), -limits::infinity()});
  values.push_back(limits::quiet_NaN());
  const auto payloads = sizeof(T) == 4 ? from_bits<T>({0x7fc00001, 0xffc12345, 0x7f800001, 0x7fbfffff, 0xff800001})
                                       : from_bits<T>({0x7ff8000000000001, 0xfff8123456789abc, 0x7ff0000000000001,
                                                       0x7ff7ffffffffffff, 0xfff0000000000001});
  values.insert(values.end(), payloads.begin(), payloads.end());
  nnstatic::random_engine random(7);
  for (int i = 0; i != 50; ++i) values.push_back(static_cast<T>(random.uniform(-3.0, 3.0)));
  return values;
}

template <class T>
bool same_bits(std::span<const T> a, std::span<const T> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i != a.size(); ++i)
    if (bits(a[i]) != bits(b[i])) return false;
  return true;
}

// Loads into parameters filled with a marker, expects `Error`, checks that not one parameter changed and
// returns the message.
template <class T, class Error = nnstatic::model_error>
std::string failed_load(const fs::path& path, std::string_view signature, std::size_t count) {
  std::vector<T> params(count, T(42.25));
  const std::vector<T> before = params;
  std::string message;
  try {
    load_parameters(path, signature, std::span<T>(params));
    FAIL("load_parameters accepted '" << path.string() << "'");
  } catch (const Error& e) {
    message = e.what();
  }
  CHECK(same_bits<T>(params, before));
  CHECK(message.find("'" + path.string() + "'") != std::string::npos);
  return message;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// A model file as nnstatic wrote it before issue 10 (format version 1, no state): 40 + S + P * 4 bytes.
std::string version_1_file(std::string_view signature, std::span<const float> params) {
  std::string bytes = "NNSTATIC";
  bytes += std::string("\x01\x00\x00\x00", 4);  // version 1
  bytes += std::string("\x01\x00\x00\x00", 4);  // float32
  bytes += std::string(8 + 8 + 4, '\0');        // fingerprint, parameter count, signature length
  patch(bytes, 16, nnstatic::fingerprint(signature));
  patch(bytes, 24, static_cast<std::uint64_t>(params.size()));
  patch(bytes, 32, static_cast<std::uint32_t>(signature.size()));
  bytes += signature;
  for (const float value : params) {
    bytes += std::string(4, '\0');
    patch(bytes, bytes.size() - 4, bits(value));
  }
  bytes += "????";
  refresh_checksum(bytes);
  return bytes;
}

}  // namespace

TEST_CASE_TEMPLATE("model file: a round trip is bit-identical", T, float, double) {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<T> saved = awkward_values<T>();
  save_parameters(path, mnist_10, std::span<const T>(saved));

  std::vector<T> loaded(saved.size(), T(42));
  load_parameters(path, mnist_10, std::span<T>(loaded), {.allow_non_finite = true});  // the awkward values have some
  CHECK(same_bits<T>(loaded, saved));

  const auto info = read_model_info(path);
  CHECK(info.version == 2);
  CHECK(info.scalar == nnstatic::io::scalar_kind_of_v<T>);
  CHECK(info.fingerprint == nnstatic::fingerprint(mnist_10));
  CHECK(info.signature == mnist_10);
  CHECK(info.param_count == saved.size());
  CHECK(info.state_count == 0);
  CHECK(fs::file_size(path) == 48 + mnist_10.size() + saved.size() * sizeof(T));
}

TEST_CASE_TEMPLATE("model file: the non-trainable state makes the round trip too, bit-identical", T, float, double) {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<T> saved = awkward_values<T>();
  std::vector<T> saved_state = awkward_values<T>();
  saved_state.resize(7);
  save_parameters(path, mnist_10, std::span<const T>(saved), std::span<const T>(saved_state));

  std::vector<T> loaded(saved.size(), T(42));
  std::vector<T> loaded_state(saved_state.size(), T(42));
  load_parameters(path, mnist_10, std::span<T>(loaded), std::span<T>(loaded_state), {.allow_non_finite = true});
  CHECK(same_bits<T>(loaded, saved));
  CHECK(same_bits<T>(loaded_state, saved_state));
  CHECK(read_model_info(path).state_count == saved_state.size());
  CHECK(fs::file_size(path) == 48 + mnist_10.size() + (saved.size() + saved_state.size()) * sizeof(T));
}

TEST_CASE("model file: the bytes on disk follow the documented layout") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::array<float, 2> params{1.0f, -2.0f};
  const std::array<float, 1> state{0.5f};
  save_parameters(path, "dense<2>", std::span<const float>(params), std::span<const float>(state));
  const std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() == 48 + 8 + (2 + 1) * 4);

  std::string expected = "NNSTATIC";
  expected += std::string("\x02\x00\x00\x00", 4);  // version 2
  expected += std::string("\x01\x00\x00\x00", 4);  // float32
  const std::uint64_t fingerprint = nnstatic::fingerprint("dense<2>");
  for (int i = 0; i != 8; ++i) expected += static_cast<char>(static_cast<unsigned char>(fingerprint >> (8 * i)));
  expected += std::string("\x02\x00\x00\x00\x00\x00\x00\x00", 8);  // 2 parameters
  expected += std::string("\x01\x00\x00\x00\x00\x00\x00\x00", 8);  // 1 state value
  expected += std::string("\x08\x00\x00\x00", 4);                  // signature length
  expected += "dense<2>";
  expected += std::string("\x00\x00\x80\x3f", 4);  // 1.0f
  expected += std::string("\x00\x00\x00\xc0", 4);  // -2.0f
  expected += std::string("\x00\x00\x00\x3f", 4);  // state 0.5f
  CHECK(bytes.substr(0, bytes.size() - 4) == expected);

  std::string with_checksum = expected + "????";
  refresh_checksum(with_checksum);
  CHECK(bytes == with_checksum);
}

TEST_CASE("model file: the CRC-32 is the standard one") {
  CHECK(nnstatic::io::detail::crc32_of("123456789") == 0xcbf43926u);
  CHECK(nnstatic::io::detail::crc32_of("") == 0u);
}

TEST_CASE("model file: an empty signature and no parameters make a 48-byte file that loads") {
  scratch_directory dir;
  const auto path = dir / "empty.nns";
  save_parameters(path, "", std::span<const double>());
  CHECK(fs::file_size(path) == 48);
  std::vector<double> none;
  load_parameters(path, "", std::span<double>(none));
  CHECK(read_model_info(path).param_count == 0);
}

TEST_CASE("model file: fixed-extent spans work") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::array<float, 3> saved{1.0f, 2.0f, 3.0f};
  save_parameters(path, "dense<3>", std::span<const float, 3>(saved));
  std::array<float, 3> loaded{};
  load_parameters(path, "dense<3>", std::span<float, 3>(loaded));
  CHECK(loaded == saved);
}

TEST_CASE("model file: saving replaces the old file, a failed save leaves it intact and nothing behind") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> first{1, 2, 3};
  const std::vector<float> second{4, 5, 6};
  save_parameters(path, "dense<3>", std::span<const float>(first));
  save_parameters(path, "dense<3>", std::span<const float>(second));
  std::vector<float> loaded(3);
  load_parameters(path, "dense<3>", std::span<float>(loaded));
  CHECK(loaded == second);
  const std::string good = read_bytes(path);

  SUBCASE("the temporary file cannot be created") {
    // A directory where write_atomically wants its temporary file makes the write fail before the rename.
    const auto blocker = fs::path(path.string() + ".tmp");
    fs::create_directory(blocker);
    const std::vector<float> third{7, 8, 9};
    CHECK_THROWS_AS(save_parameters(path, "dense<3>", std::span<const float>(third)), nnstatic::file_error);
    CHECK(read_bytes(path) == good);
    CHECK(fs::is_directory(blocker));
    CHECK(fs::is_empty(blocker));
    fs::remove(blocker);
  }

  SUBCASE("the target is a directory") {
    // The rename fails (a file cannot replace a directory) after the temporary file was written.
    const auto target = dir / "models";
    fs::create_directory(target);
    write_bytes(target / "keep.txt", "keep");
    CHECK_THROWS_AS(save_parameters(target, "dense<3>", std::span<const float>(first)), nnstatic::file_error);
    CHECK(fs::is_directory(target));
    CHECK(read_bytes(target / "keep.txt") == "keep");
    CHECK_FALSE(fs::exists(fs::path(target.string() + ".tmp")));
    CHECK(read_bytes(path) == good);
  }

  for (const auto& entry : fs::directory_iterator(dir.path()))
    CHECK_MESSAGE(entry.path().extension() != ".tmp", "left behind: " << entry.path().string());
}

TEST_CASE_TEMPLATE("model file: every truncation is refused and leaves the parameters untouched", T, float, double) {
  scratch_directory dir;
  const auto whole_path = dir / "whole.nns";
  const auto path = dir / "cut.nns";
  const std::vector<T> saved{T(1.5), T(-0.0), T(3)};
  save_parameters(whole_path, "dense<3>", std::span<const T>(saved));
  const std::string whole = read_bytes(whole_path);

  for (std::size_t length = 0; length != whole.size(); ++length) {
    CAPTURE(length);
    write_bytes(path, std::string_view(whole).substr(0, length));
    const std::string message = failed_load<T>(path, "dense<3>", saved.size());
    if (length == 0)
      CHECK(contains(message, "is empty: 0 bytes"));
    else
      CHECK(contains(message, "is truncated: " + std::to_string(length) + " bytes"));
    if (length >= 44) CHECK(contains(message, "the header promises " + std::to_string(whole.size())));
    CHECK_THROWS_AS(read_model_info(path), nnstatic::model_error);
  }
}

TEST_CASE("model file: an extra byte at the end is refused") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1, 2, 3};
  save_parameters(path, "dense<3>", std::span<const float>(saved));
  const std::string bytes = read_bytes(path);
  write_bytes(path, bytes + '\0');
  const std::string message = failed_load<float>(path, "dense<3>", 3);
  CHECK(contains(message, "is too long: " + std::to_string(bytes.size() + 1) + " bytes, the header promises " +
                              std::to_string(bytes.size())));
}

TEST_CASE("model file: a changed byte anywhere is refused and leaves the parameters untouched") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1.5f, -0.0f, 3.0f};
  save_parameters(path, "dense<3>", std::span<const float>(saved));
  const std::string good = read_bytes(path);
  const std::size_t checksum_at = good.size() - 4;

  for (std::size_t at = 0; at != good.size(); ++at) {
    for (const unsigned mask : {0x01u, 0x80u, 0xffu}) {
      CAPTURE(at);
      CAPTURE(mask);
      std::string bad = good;
      bad[at] = static_cast<char>(static_cast<unsigned char>(bad[at]) ^ mask);
      write_bytes(path, bad);
      const std::string message = failed_load<float>(path, "dense<3>", saved.size());
      if (at < 8) {
        CHECK(contains(message, "is not an nnstatic model file (magic at byte 0 is '"));
      } else if (at < 12) {
        CHECK(contains(message, "format version"));
      } else if (at < 16) {
        CHECK(contains(message, "unknown scalar kind"));
      } else if (at >= 24 && at < 44) {
        CHECK(contains(message, "the header promises"));
      } else {
        CHECK(contains(message, "is corrupted: CRC-32 0x"));
        CHECK(contains(message, "stored at byte " + std::to_string(checksum_at) + ", computed 0x"));
      }
    }
  }
}

TEST_CASE("model file: a foreign file is refused") {
  scratch_directory dir;
  const auto path = dir / "foreign";

  SUBCASE("a text file") {
    write_bytes(path, "hello, world\n");
    const std::string message = failed_load<float>(path, "dense<3>", 3);
    CHECK(contains(message, "is not an nnstatic model file (magic at byte 0 is 'hello, w', expected 'NNSTATIC')"));
  }
  SUBCASE("a short text file") {
    write_bytes(path, "hi");
    CHECK(contains(failed_load<float>(path, "dense<3>", 3), "magic at byte 0 is 'hi'"));
  }
  SUBCASE("a binary file") {
    write_bytes(path, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    CHECK(contains(failed_load<double>(path, "dense<3>", 3), "magic at byte 0 is '\\x89PNG\\x0d\\x0a\\x1a\\x0a'"));
  }
  SUBCASE("random bytes") {
    nnstatic::random_engine random(2024);
    std::string noise;
    for (int i = 0; i != 4096; ++i) noise += static_cast<char>(random.below(256));
    write_bytes(path, noise);
    CHECK(contains(failed_load<float>(path, "dense<3>", 3), "is not an nnstatic model file"));
    CHECK_THROWS_AS(read_model_info(path), nnstatic::model_error);
  }
}

TEST_CASE("model file: a model of another network is refused, naming both") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved(5, 1.0f);
  save_parameters(path, mnist_10, std::span<const float>(saved));
  const std::string message = failed_load<float>(path, mnist_64, saved.size());
  CHECK(contains(message, "was saved from network '" + std::string(mnist_10) + "' (fingerprint " +
                              nnstatic::io::detail::hex(nnstatic::fingerprint(mnist_10), 16) +
                              ") but is being loaded into '" + std::string(mnist_64) + "' (fingerprint " +
                              nnstatic::io::detail::hex(nnstatic::fingerprint(mnist_64), 16) + ")"));
  CHECK(contains(message, "0x"));
}

TEST_CASE("model file: the scalar kind must match") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  SUBCASE("float32 into double") {
    const std::vector<float> saved(4, 1.0f);
    save_parameters(path, "dense<4>", std::span<const float>(saved));
    CHECK(contains(failed_load<double>(path, "dense<4>", 4),
                   "holds float32 parameters (scalar kind at byte 12) but is being loaded into float64 parameters"));
  }
  SUBCASE("float64 into float") {
    const std::vector<double> saved(4, 1.0);
    save_parameters(path, "dense<4>", std::span<const double>(saved));
    CHECK(contains(failed_load<float>(path, "dense<4>", 4),
                   "holds float64 parameters (scalar kind at byte 12) but is being loaded into float32 parameters"));
  }
}

TEST_CASE("model file: the parameter count must match") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved(4, 1.0f);
  save_parameters(path, "dense<4>", std::span<const float>(saved));
  CHECK(contains(failed_load<float>(path, "dense<4>", 5),
                 "holds 4 parameters (count at byte 24) but network 'dense<4>' has 5"));
  CHECK(contains(failed_load<float>(path, "dense<4>", 3), "holds 4 parameters"));
}

TEST_CASE("model file: header fields that pass the checksum but not the rules") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1, 2, 3};
  save_parameters(path, "dense<3>", std::span<const float>(saved));
  std::string bytes = read_bytes(path);

  SUBCASE("a newer format version names both versions") {
    patch(bytes, 8, std::uint32_t{3});
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    const std::string expected = "has model file format version 3 (at byte 8), newer than version 2";
    CHECK(contains(failed_load<float>(path, "dense<3>", 3), expected));
    CHECK_THROWS_WITH_AS(read_model_info(path), doctest::Contains(expected.c_str()), nnstatic::model_error);
  }
  SUBCASE("version 0") {
    patch(bytes, 8, std::uint32_t{0});
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    CHECK(contains(failed_load<float>(path, "dense<3>", 3),
                   "has unknown model file format version 0 at byte 8, expected 2"));
  }
  SUBCASE("an unknown scalar kind") {
    patch(bytes, 12, std::uint32_t{3});
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    CHECK(contains(failed_load<float>(path, "dense<3>", 3),
                   "has unknown scalar kind 3 at byte 12, expected 1 (float32) or 2 (float64)"));
  }
  SUBCASE("a fingerprint that is not the signature's") {
    patch(bytes, 16, nnstatic::fingerprint("dense<4>"));
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    const std::string expected = "is corrupted: fingerprint " +
                                 nnstatic::io::detail::hex(nnstatic::fingerprint("dense<4>"), 16) +
                                 " at byte 16 does not match its signature 'dense<3>'";
    CHECK(contains(failed_load<float>(path, "dense<3>", 3), expected));
    CHECK_THROWS_WITH_AS(read_model_info(path), doctest::Contains(expected.c_str()), nnstatic::model_error);
  }
  SUBCASE("a count no file can hold") {
    patch(bytes, 24, std::uint64_t{1} << 62);
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    CHECK(contains(failed_load<float>(path, "dense<3>", 3), "more than a file on this machine can hold"));
  }
  SUBCASE("a state count no file can hold") {
    patch(bytes, 32, std::uint64_t{1} << 62);
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    CHECK(contains(failed_load<float>(path, "dense<3>", 3),
                   "state values (count at byte 32), more than a file on this machine can hold"));
  }
  SUBCASE("a signature length beyond the end") {
    patch(bytes, 40, std::uint32_t{0xffffffff});
    refresh_checksum(bytes);
    write_bytes(path, bytes);
    CHECK(contains(failed_load<float>(path, "dense<3>", 3), "is truncated: 68 bytes, the header promises"));
  }
}

TEST_CASE("model file: read_model_info checks the header, not the parameters") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1, 2, 3};
  save_parameters(path, "dense<3>", std::span<const float>(saved));
  std::string bytes = read_bytes(path);
  bytes[bytes.size() - 6] = static_cast<char>(bytes[bytes.size() - 6] ^ 0x40);  // inside the last parameter
  write_bytes(path, bytes);
  CHECK(read_model_info(path).signature == "dense<3>");
  CHECK(contains(failed_load<float>(path, "dense<3>", 3), "is corrupted: CRC-32"));
}

TEST_CASE("model file: a file that cannot be read is a file_error") {
  scratch_directory dir;
  SUBCASE("missing") {
    const auto path = dir / "missing.nns";
    CHECK(contains(failed_load<float, nnstatic::file_error>(path, "dense<3>", 3), "no such file"));
    CHECK_THROWS_AS(read_model_info(path), nnstatic::file_error);
  }
  SUBCASE("a directory") {
    const auto path = dir / "folder.nns";
    fs::create_directory(path);
    CHECK(contains(failed_load<float, nnstatic::file_error>(path, "dense<3>", 3), "it is a directory"));
    CHECK_THROWS_AS(read_model_info(path), nnstatic::file_error);
  }
  SUBCASE("a device, which has no size to check the header against") {
    CHECK(contains(failed_load<float, nnstatic::file_error>("/dev/zero", "dense<3>", 3),
                   "cannot read '/dev/zero' as a model file: it is a character device, not a regular file"));
    CHECK_THROWS_AS(read_model_info("/dev/null"), nnstatic::file_error);
  }
}

TEST_CASE("model file: a stored signature reaches a message escaped, never as control codes, NUL or 64 KiB") {
  scratch_directory dir;
  const auto path = dir / "crafted.nns";
  const std::vector<float> saved{1, 2, 3};
  // A file can store any signature; this one would clear the line and print a fake one after a carriage return.
  constexpr char crafted_bytes[] = "dense<3>\x1b[2K\r\nnnstatic: model loaded\0hidden\x7f";
  const std::string crafted(crafted_bytes, sizeof crafted_bytes - 1);
  save_parameters(path, crafted, std::span<const float>(saved));

  const auto check_escaped = [](const std::string& message) {
    INFO("message: ", message);
    for (const char c : message) CHECK((static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f));
    CHECK(contains(message, "'dense<3>\\x1b[2K\\x0d\\x0annstatic: model loaded\\x00hidden\\x7f'"));
  };
  check_escaped(failed_load<float>(path, "dense<3>", 3));  // saved from another network
  std::string bytes = read_bytes(path);
  patch(bytes, 16, nnstatic::fingerprint("dense<3>"));  // a fingerprint that is not the signature's
  refresh_checksum(bytes);
  write_bytes(path, bytes);
  check_escaped(failed_load<float>(path, "dense<3>", 3));
  try {
    (void)read_model_info(path);
    FAIL("read_model_info accepted a fingerprint that is not its signature's");
  } catch (const nnstatic::model_error& e) {
    check_escaped(e.what());
  }

  // Long, and long once escaped (h4's fuzz finding: 2000 bytes of 0x01 quoted as 8000 characters).
  for (const char filler : {'a', '\x01'}) {
    CAPTURE(static_cast<int>(filler));
    save_parameters(path, std::string(65536, filler), std::span<const float>(saved));
    const std::string message = failed_load<float>(path, std::string(nnstatic::text::capacity, 'b'), 3);
    CHECK(message.size() < 2 * nnstatic::text::capacity + 300 + path.string().size());
    CHECK(contains(message,
                   "' (cut to " + std::to_string(nnstatic::text::capacity) + " characters; 65536 bytes in all)"));
  }
  const std::string signature(nnstatic::text::capacity, 'b');  // the longest a network can have is shown whole
  save_parameters(path, signature, std::span<const float>(saved));
  CHECK(contains(failed_load<float>(path, "dense<3>", 3), "'" + signature + "' (fingerprint"));
}

TEST_CASE_TEMPLATE("model file: NaN and infinite parameters are refused, naming the parameter, unless allowed", T, float,
                   double) {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  constexpr std::size_t parameters_at = 44 + 8;  // after the header and "dense<4>"
  using limits = std::numeric_limits<T>;
  for (const auto& [value, name] : {std::pair{limits::quiet_NaN(), "NaN"}, std::pair{-limits::quiet_NaN(), "NaN"},
                                    std::pair{limits::signaling_NaN(), "NaN"}, std::pair{limits::infinity(), "+infinity"},
                                    std::pair{-limits::infinity(), "-infinity"}}) {
    CAPTURE(name);
    const std::vector<T> saved{T(1), T(2), value, T(4)};
    save_parameters(path, "dense<4>", std::span<const T>(saved));
    CHECK(contains(failed_load<T>(path, "dense<4>", 4),
                   std::string("parameter 2 is ") + name + " (stored at byte " +
                       std::to_string(parameters_at + 2 * sizeof(T)) + "); a network with NaN or infinite"));
    std::vector<T> loaded(4);
    load_parameters(path, "dense<4>", std::span<T>(loaded), {.allow_non_finite = true});
    CHECK(same_bits<T>(loaded, saved));
  }
  // The largest finite values and subnormals are numbers like any other.
  const std::vector<T> edges{limits::max(), limits::lowest(), limits::denorm_min(), -limits::min()};
  save_parameters(path, "dense<4>", std::span<const T>(edges));
  std::vector<T> loaded(4);
  load_parameters(path, "dense<4>", std::span<T>(loaded));
  CHECK(same_bits<T>(loaded, edges));
}

TEST_CASE("model file: network_parameter_name names the layer, its spelling and the kernel or bias index") {
  using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<2, 3>, nnstatic::relu, nnstatic::flatten,
                                   nnstatic::dense<3>>;
  static_assert(net::param_count == 3 * 3 * 1 * 2 + 2 + 8 * 3 + 3);
  const nnstatic::io::network_parameter_name<net> name_of;
  CHECK(name_of(0) == "layer 0 (conv2d<2,3x3,strides 1x1,valid>) kernel[0]");
  CHECK(name_of(19) == "layer 0 (conv2d<2,3x3,strides 1x1,valid>) bias[1]");
  CHECK(name_of(20) == "layer 3 (dense<3>) kernel[0]");
  CHECK(name_of(46) == "layer 3 (dense<3>) bias[2]");
  CHECK(name_of(47) == "parameter 47");

  scratch_directory dir;
  const auto path = dir / "m.nns";
  std::vector<float> saved(net::param_count, 0.5f);
  saved[45] = std::numeric_limits<float>::infinity();
  save_parameters(path, net::signature, std::span<const float>(saved));
  std::vector<float> loaded(net::param_count, 42.25f);
  const std::string expected = "'" + path.string() + "': layer 3 (dense<3>) bias[1] is +infinity (stored at byte";
  CHECK_THROWS_WITH_AS(load_parameters(path, net::signature, std::span<float>(loaded), {}, name_of),
                       doctest::Contains(expected.c_str()), nnstatic::model_error);
  CHECK(loaded == std::vector<float>(net::param_count, 42.25f));
}

TEST_CASE("model file: model::load and from_file refuse a NaN parameter naming its layer, unless allowed") {
  using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu, nnstatic::dense<2>>;
  scratch_directory dir;
  const auto path = dir / "m.nns";
  nnstatic::model<net> saved(1);
  saved.params().values[15 + 5] = std::numeric_limits<float>::quiet_NaN();  // dense<2>'s last kernel entry
  saved.save(path);

  nnstatic::model<net> loaded(2);
  const auto before = loaded.params().values;
  CHECK_THROWS_WITH_AS(loaded.load(path), doctest::Contains("layer 2 (dense<2>) kernel[5] is NaN"),
                       nnstatic::model_error);
  CHECK(loaded.params().values == before);
  CHECK_THROWS_AS((void)nnstatic::model<net>::from_file(path), nnstatic::model_error);

  loaded.load(path, {.allow_non_finite = true});
  CHECK(bits(loaded.params().values[20]) == bits(std::numeric_limits<float>::quiet_NaN()));
  CHECK(bits(nnstatic::model<net>::from_file(path, {.allow_non_finite = true}).params().values[20]) ==
        bits(std::numeric_limits<float>::quiet_NaN()));
}

TEST_CASE("model file: a file whose header claims gigabytes is refused from its header, before it is read") {
  scratch_directory dir;
  const auto path = dir / "sparse.nns";
  // A sparse file: 64 GiB long as far as its size goes, a few bytes on disk, and a header that agrees with that size.
  const std::uint64_t size = std::uint64_t{64} << 30;
  const std::string_view signature = "dense<3>";
  const std::vector<float> saved{1, 2, 3};
  save_parameters(path, signature, std::span<const float>(saved));
  std::string bytes = read_bytes(path);
  patch(bytes, 24, (size - 56) / 4);
  write_bytes(path, bytes);
  fs::resize_file(path, size);
  CHECK(contains(
      failed_load<float>(path, signature, 3),
      "holds " + std::to_string((size - 56) / 4) + " parameters (count at byte 24) but network 'dense<3>' has 3"));
  CHECK(read_model_info(path).param_count == (size - 56) / 4);
}

TEST_CASE("model file: a signature longer than model_file_max_signature is neither written nor read") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1, 2, 3};
  const std::string longest(nnstatic::io::model_file_max_signature, 'a');
  save_parameters(path, longest, std::span<const float>(saved));
  CHECK(read_model_info(path).signature == longest);
  std::string bytes = read_bytes(path);

  CHECK_THROWS_WITH_AS(save_parameters(path, longest + "a", std::span<const float>(saved)),
                       doctest::Contains("the network signature is 1048577 bytes, a model file holds at most 1048576"),
                       nnstatic::model_error);
  bytes.insert(44, "a");
  patch(bytes, 40, static_cast<std::uint32_t>(longest.size() + 1));
  refresh_checksum(bytes);
  write_bytes(path, bytes);
  CHECK(contains(failed_load<float>(path, "dense<3>", 3),
                 "is corrupted: its signature length at byte 40 is 1048577 bytes, more than the 1048576"));
  CHECK_THROWS_AS(read_model_info(path), nnstatic::model_error);
}

TEST_CASE("model file: a file of format version 1 is refused, saying which version it is and which this one reads") {
  scratch_directory dir;
  const auto path = dir / "old.nns";
  const std::vector<float> saved{1, 2, 3};
  write_bytes(path, version_1_file("dense<3>", saved));
  REQUIRE(fs::file_size(path) == 40 + 8 + 3 * 4);
  const std::string expected =
      "has model file format version 1 (at byte 8), which stores no non-trainable state; this nnstatic reads "
      "version 2 only";
  CHECK(contains(failed_load<float>(path, "dense<3>", 3), expected));
  CHECK_THROWS_WITH_AS(read_model_info(path), doctest::Contains(expected.c_str()), nnstatic::model_error);
}

TEST_CASE("model file: the state count must match, and a failed load leaves parameters and state untouched") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1, 2, 3};
  const std::vector<float> saved_state{0.25f, 4.0f};
  save_parameters(path, "net", std::span<const float>(saved), std::span<const float>(saved_state));

  std::vector<float> params(3, 42.25f);
  std::vector<float> state(3, 42.25f);
  CHECK_THROWS_WITH_AS(
      load_parameters(path, "net", std::span<float>(params), std::span<float>(state)),
      doctest::Contains("holds 2 non-trainable state values (count at byte 32) but network 'net' has 3"),
      nnstatic::model_error);
  CHECK(params == std::vector<float>(3, 42.25f));
  CHECK(state == std::vector<float>(3, 42.25f));
  // The form without state is the form for a network without it: it refuses a file that has some.
  CHECK(contains(failed_load<float>(path, "net", 3), "holds 2 non-trainable state values"));

  // The state lies under the checksum like everything else.
  std::string bytes = read_bytes(path);
  bytes[bytes.size() - 6] = static_cast<char>(bytes[bytes.size() - 6] ^ 0x01);  // inside the last state value
  write_bytes(path, bytes);
  state.resize(2);
  CHECK_THROWS_WITH_AS(load_parameters(path, "net", std::span<float>(params), std::span<float>(state)),
                       doctest::Contains("is corrupted: CRC-32"), nnstatic::model_error);
  CHECK(params == std::vector<float>(3, 42.25f));
  CHECK(state == std::vector<float>(2, 42.25f));
}

TEST_CASE("model file: a NaN state value is refused, named by the namer's state(), unless allowed") {
  scratch_directory dir;
  const auto path = dir / "m.nns";
  const std::vector<float> saved{1, 2, 3};
  const std::vector<float> saved_state{0.25f, std::numeric_limits<float>::quiet_NaN()};
  save_parameters(path, "net", std::span<const float>(saved), std::span<const float>(saved_state));
  std::vector<float> params(3, 42.25f);
  std::vector<float> state(2, 42.25f);
  constexpr std::size_t state_at = 44 + 3 + 3 * 4;  // after the header, "net" and the parameters
  CHECK_THROWS_WITH_AS(
      load_parameters(path, "net", std::span<float>(params), std::span<float>(state)),
      doctest::Contains(("state value 1 is NaN (stored at byte " + std::to_string(state_at + 4) + ")").c_str()),
      nnstatic::model_error);
  CHECK(state == std::vector<float>(2, 42.25f));

  struct layer_namer {
    std::string operator()(std::size_t index) const { return "weight " + std::to_string(index); }
    std::string state(std::size_t index) const { return "moving_variance[" + std::to_string(index) + "]"; }
  };
  CHECK_THROWS_WITH_AS(
      load_parameters(path, "net", std::span<float>(params), std::span<float>(state), {}, layer_namer{}),
      doctest::Contains("moving_variance[1] is NaN"), nnstatic::model_error);

  load_parameters(path, "net", std::span<float>(params), std::span<float>(state), {.allow_non_finite = true});
  CHECK(params == saved);
  CHECK(bits(state[1]) == bits(saved_state[1]));
}

TEST_CASE("model file: model::save and load keep the moving statistics, and a NaN among them names its layer") {
  using net =
      nnstatic::sequential<nnstatic::input<3, 3, 2>, nnstatic::conv2d<2, 2>, nnstatic::batch_normalization<>,
                           nnstatic::relu, nnstatic::flatten, nnstatic::dense<3>, nnstatic::batch_normalization<>>;
  static_assert(net::state_count == 2 * 2 + 2 * 3);
  scratch_directory dir;
  const auto path = dir / "m.nns";
  nnstatic::model<net> saved(1);
  for (std::size_t i = 0; i < net::state_count; ++i) saved.params().state[i] = 0.5f + static_cast<float>(i);
  saved.save(path);
  CHECK(read_model_info(path).state_count == net::state_count);

  nnstatic::model<net> loaded(2);
  REQUIRE(loaded.params().state != saved.params().state);
  loaded.load(path);
  CHECK(loaded.params().values == saved.params().values);
  CHECK(loaded.params().state == saved.params().state);
  CHECK(nnstatic::model<net>::from_file(path).params().state == saved.params().state);

  const nnstatic::io::network_parameter_name<net> name_of;
  CHECK(name_of.state(0) == "layer 1 (batch_normalization<momentum 99/100,epsilon 1/1000>) state[0]");
  CHECK(name_of.state(9) == "layer 5 (batch_normalization<momentum 99/100,epsilon 1/1000>) state[5]");
  CHECK(name_of.state(10) == "state value 10");
  saved.params().state[6] = std::numeric_limits<float>::infinity();
  saved.save(path);
  const auto before = loaded.params().state;
  CHECK_THROWS_WITH_AS(loaded.load(path),
                       doctest::Contains("layer 5 (batch_normalization<momentum 99/100,epsilon 1/1000>) state[2] is "
                                         "+infinity"),
                       nnstatic::model_error);
  CHECK(loaded.params().state == before);
}
