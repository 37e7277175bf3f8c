// libFuzzer target: a model file, read for its header and loaded into the float32 and float64 parameters of
// `small_network`.
//
// Each input is loaded twice: as it is, and "resealed", with the fingerprint field recomputed from the stored
// signature and the CRC-32 trailer recomputed over the bytes before it. Random bytes almost never carry a
// matching FNV-1a hash and CRC-32, so without the second pass the fuzzer would stop at those two checks and
// never reach the ones behind them (scalar kind, network, parameter count, the copy into the parameters).
#include "harness.hpp"
#include "small_network.hpp"

#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/io/model_file.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

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
    const auto length = io::detail::read_le<std::uint32_t>(as_text(0, bytes.size()), io::detail::signature_length_offset);
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

void load_every_way(const std::filesystem::path& path) {
  nnstatic::fuzz::expect_only_nnstatic_errors("read_model_info", [&] { (void)io::read_model_info(path); });
  nnstatic::fuzz::expect_only_nnstatic_errors("load_parameters<float>", [&] {
    static std::array<float, net::param_count> params{};
    io::load_parameters(path, net::signature, std::span(params));
  });
  nnstatic::fuzz::expect_only_nnstatic_errors("load_parameters<double>", [&] {
    static std::array<double, net::param_count> params{};
    io::load_parameters(path, net::signature, std::span(params));
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nnstatic::fuzz::input_file file("model_file", ".nns");
  const std::span input(data, size);
  load_every_way(file.hold(input));
  load_every_way(file.hold(resealed(input)));
  return 0;
}
