// libFuzzer target: a model file, read for its header and loaded into the float32 and float64 parameters of
// `small_network`, with and without `allow_non_finite`. An accepted load must copy the values as stored, and
// finite ones only unless they were allowed.
//
// Each input is loaded twice: as it is, and "resealed", with the fingerprint field recomputed from the stored
// signature and the CRC-32 trailer recomputed over the bytes before it. Random bytes almost never carry a
// matching FNV-1a hash and CRC-32, so without the second pass the fuzzer would stop at those two checks and
// never reach the ones behind them (scalar kind, network, parameter count, the copy into the parameters).
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/io/model_file.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "harness.hpp"
#include "small_network.hpp"

namespace {

namespace io = nnstatic::io;
using net = nnstatic::fuzz::small_network;

template <class UInt>
void put_le(std::vector<std::uint8_t>& bytes, std::size_t offset, UInt value) {
  for (std::size_t i = 0; i != sizeof(UInt); ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::vector<std::uint8_t> resealed(std::span<const std::uint8_t> input) {
  std::vector<std::uint8_t> bytes(input.begin(), input.end());
  const auto as_text = [&](std::size_t offset, std::size_t count) {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()) + offset, count);
  };
  if (bytes.size() >= io::detail::fixed_header_size) {
    const auto length =
        io::detail::read_le<std::uint32_t>(as_text(0, bytes.size()), io::detail::signature_length_offset);
    if (length <= bytes.size() - io::detail::signature_offset)
      put_le(bytes, io::detail::fingerprint_offset,
             nnstatic::fingerprint(as_text(io::detail::signature_offset, length)));
  }
  if (bytes.size() >= io::detail::checksum_size) {
    const std::size_t covered = bytes.size() - io::detail::checksum_size;
    put_le(bytes, covered, io::detail::crc32_of(as_text(0, covered)));
  }
  return bytes;
}

// An accepted load must have copied the file's parameters as stored, and without `allow_non_finite` they must
// all be finite.
template <class T>
void expect_stored(std::span<const std::uint8_t> file, std::span<const T> params, bool allow_non_finite) {
  const auto signature_length = io::detail::read_le<std::uint32_t>(
      std::string_view(reinterpret_cast<const char*>(file.data()), file.size()), io::detail::signature_length_offset);
  const std::size_t offset = io::detail::signature_offset + signature_length;
  static_assert(std::endian::native == std::endian::little, "the comparison below reads the file's bytes as is");
  if (std::memcmp(file.data() + offset, params.data(), params.size_bytes()) != 0)
    nnstatic::fuzz::finding("load_parameters accepted a file but copied other values than it stores", "");
  if (!allow_non_finite && !std::ranges::all_of(params, [](T value) { return std::isfinite(value); }))
    nnstatic::fuzz::finding("load_parameters accepted NaN or infinite parameters without allow_non_finite", "");
}

template <class T>
void load_into(const std::filesystem::path& path, std::span<const std::uint8_t> file, bool allow_non_finite) {
  static std::array<T, net::param_count> params{};
  if (nnstatic::fuzz::expect_only_nnstatic_errors("load_parameters", [&] {
        io::load_parameters(path, net::signature, std::span(params), {.allow_non_finite = allow_non_finite},
                            io::network_parameter_name<net>{});
      }))
    expect_stored<T>(file, params, allow_non_finite);
}

void load_every_way(std::span<const std::uint8_t> file, const std::filesystem::path& path) {
  nnstatic::fuzz::expect_only_nnstatic_errors("read_model_info", [&] { (void)io::read_model_info(path); });
  for (const bool allow_non_finite : {false, true}) {
    load_into<float>(path, file, allow_non_finite);
    load_into<double>(path, file, allow_non_finite);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nnstatic::fuzz::input_file file("model_file", ".nns");
  const std::span input(data, size);
  load_every_way(input, file.hold(input));
  const std::vector<std::uint8_t> again = resealed(input);
  load_every_way(again, file.hold(again));
  return 0;
}
