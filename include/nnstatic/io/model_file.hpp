#pragma once
/// The binary model file: a network's parameters and non-trainable state with enough around them to refuse a wrong
/// load.
///
/// Layout, every integer little-endian, S = signature length, P = parameter count, Q = state count, w = 4 (float32)
/// or 8 (float64):
///
/// | offset               | bytes | field                                                                        |
/// |----------------------|-------|------------------------------------------------------------------------------|
/// | 0                    | 8     | magic `NNSTATIC` (ASCII, no terminator)                                      |
/// | 8                    | 4     | u32 format version, currently 2                                              |
/// | 12                   | 4     | u32 scalar kind: 1 = float32, 2 = float64                                    |
/// | 16                   | 8     | u64 fingerprint: 64-bit FNV-1a of the signature (core/fingerprint.hpp)       |
/// | 24                   | 8     | u64 parameter count P                                                        |
/// | 32                   | 8     | u64 state count Q: non-trainable values such as moving statistics            |
/// | 40                   | 4     | u32 signature length S                                                       |
/// | 44                   | S     | signature text, no terminator                                                |
/// | 44 + S               | P * w | parameters, IEEE 754 binary32 / binary64, little-endian                      |
/// | 44 + S + P * w       | Q * w | state, the same way                                                          |
/// | 44 + S + (P + Q) * w | 4     | u32 CRC-32 (zlib's, polynomial 0xedb88320) of bytes [0, 44 + S + (P + Q) * w) |
///
/// A file is exactly 48 + S + (P + Q) * w bytes long, and S is at most `model_file_max_signature` (1 MiB). The
/// format version comes right after the magic so that a later version may change everything behind it and still be
/// recognized as newer rather than as corrupted. Version 1 (until issue 10) had no state count and no state; its
/// files are refused with a message that says so, since a network with state cannot be rebuilt from them.
///
/// Saving builds the whole file in memory and hands it to `write_atomically`, so an interrupted save leaves the
/// old file. Loading reads the whole file and checks every field, and that no parameter is NaN or infinite (unless
/// `load_options` allow it), before it writes the first parameter, so a failed load leaves the network as it was.
/// Messages quote what the file stores (magic, signature) with unprintable bytes escaped and long ones cut, so a
/// crafted file cannot write to the terminal.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/io/atomic_file.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <ios>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include <zlib.h>

namespace nnstatic::io {

/// The first 8 bytes of every model file.
inline constexpr std::string_view model_file_magic = "NNSTATIC";

/// The format version this nnstatic writes, and the only one it reads.
inline constexpr std::uint32_t model_file_version = 2;

/// The longest signature a model file may store: far above any network's (a `sequential` spells itself in at most
/// `text::capacity` characters), and low enough that a file's header cannot make a reader allocate gigabytes.
inline constexpr std::size_t model_file_max_signature = std::size_t{1} << 20;

/// What one stored parameter is.
enum class scalar_kind : std::uint32_t { float32 = 1, float64 = 2 };

/// "float32", "float64", or "unknown" for a value read from a foreign file.
constexpr std::string_view scalar_kind_name(scalar_kind kind) noexcept {
  switch (kind) {
    case scalar_kind::float32: return "float32";
    case scalar_kind::float64: return "float64";
  }
  return "unknown";
}

/// The `scalar_kind` that stores a `T`; defined for `float` and `double`.
template <class T>
struct scalar_kind_of {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                "nnstatic: a model file stores float or double parameters");
};

template <>
struct scalar_kind_of<float> {
  static_assert(std::numeric_limits<float>::is_iec559 && sizeof(float) == 4,
                "nnstatic: model files store float as a 4-byte IEEE 754 binary32");
  static constexpr scalar_kind value = scalar_kind::float32;
};

template <>
struct scalar_kind_of<double> {
  static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8,
                "nnstatic: model files store double as an 8-byte IEEE 754 binary64");
  static constexpr scalar_kind value = scalar_kind::float64;
};

template <class T>
inline constexpr scalar_kind scalar_kind_of_v = scalar_kind_of<T>::value;

/// How `load_parameters` (and `model::load`) treat what they read.
struct load_options {
  /// Accept parameters that are NaN or infinite. Off by default: a network with them predicts nothing useful, and a
  /// file that holds them comes from a run that diverged or has been tampered with.
  bool allow_non_finite = false;
};

/// Names a parameter by its index alone, "parameter 1234": what `load_parameters` says when it is not told the
/// network.
struct parameter_index_name {
  std::string operator()(std::size_t index) const { return "parameter " + std::to_string(index); }
};

namespace detail {

/// What naming a value of one layer takes: where its parameters and state start in the flat buffers, how many
/// there are, and how the layer spells itself.
struct named_layer {
  std::size_t param_offset, param_count, kernel_size, state_offset, state_count;
  bool has_kernel;
  void (*write_signature)(text&);
};

// "layer 4 (dense<128>) ": how every name in layer `index` begins.
inline std::string layer_name(const named_layer& layer, std::size_t index) {
  text spelling;
  layer.write_signature(spelling);
  return "layer " + std::to_string(index) + " (" + std::string(spelling.view()) + ") ";
}

// The name of parameter `index` (with `state`, of state value `index`) in the network whose layers are `layers`.
// Written once for every network: a network adds to a compilation only its table, not a name builder per layer.
inline std::string value_name(std::span<const named_layer> layers, std::size_t index, bool state) {
  for (std::size_t i = 0; i != layers.size(); ++i) {
    const named_layer& layer = layers[i];
    const std::size_t first = state ? layer.state_offset : layer.param_offset;
    if (index < first || index - first >= (state ? layer.state_count : layer.param_count)) continue;
    const std::size_t local = index - first;
    if (state) return layer_name(layer, i) + "state[" + std::to_string(local) + "]";
    if (!layer.has_kernel) return layer_name(layer, i) + "parameter[" + std::to_string(local) + "]";
    return layer_name(layer, i) + (local < layer.kernel_size
                                       ? "kernel[" + std::to_string(local) + "]"
                                       : "bias[" + std::to_string(local - layer.kernel_size) + "]");
  }
  return (state ? "state value " : "parameter ") + std::to_string(index);
}

}  // namespace detail

/// Names a parameter of the network `Net` (a `sequential`) by its layer, "layer 4 (dense<128>) kernel[1234]":
/// layers count from 0 as in `Net::layer<I>`, and the index counts within the kernel or the bias. `state(index)`
/// names a value of the non-trainable state the same way, "layer 1 (batch_normalization<...>) state[3]".
template <class Net>
struct network_parameter_name {
  std::string operator()(std::size_t index) const { return detail::value_name(layers, index, false); }
  std::string state(std::size_t index) const { return detail::value_name(layers, index, true); }

 private:
  template <std::size_t I>
  static constexpr detail::named_layer layer_entry() {
    using layer = typename Net::template layer<I>;
    constexpr bool has_kernel = requires { layer::kernel_size; };
    std::size_t kernel_size = 0;
    if constexpr (has_kernel) kernel_size = layer::kernel_size;
    return {Net::template param_offset<I>, layer::param_count,    kernel_size,
            Net::template state_offset<I>, state_count_of<layer>, has_kernel,
            &layer::spec::write_signature};
  }

  static constexpr auto layers = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<detail::named_layer, sizeof...(I)>{layer_entry<I>()...};
  }(std::make_index_sequence<Net::layer_count>{});
};

/// The header of a model file, as `read_model_info` returns it.
struct model_file_info {
  std::uint32_t version;
  scalar_kind scalar;
  std::uint64_t fingerprint;
  std::string signature;
  std::uint64_t param_count;
  std::uint64_t state_count;
};

namespace detail {

static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
              "nnstatic: model files are read and written on little- or big-endian hosts, not mixed-endian ones");

// Offsets of the fixed part of the header; see the table at the top of this file.
inline constexpr std::size_t version_offset = 8;
inline constexpr std::size_t scalar_offset = 12;
inline constexpr std::size_t fingerprint_offset = 16;
inline constexpr std::size_t count_offset = 24;
inline constexpr std::size_t state_count_offset = 32;
inline constexpr std::size_t signature_length_offset = 40;
inline constexpr std::size_t signature_offset = 44;
inline constexpr std::size_t fixed_header_size = 44;
inline constexpr std::size_t checksum_size = 4;

inline std::uint32_t crc32_of(std::string_view bytes) noexcept {
  // zlib takes a uInt length; feed a larger buffer in pieces.
  uLong crc = ::crc32(0UL, Z_NULL, 0);
  while (!bytes.empty()) {
    const std::size_t piece = std::min<std::size_t>(bytes.size(), std::numeric_limits<uInt>::max());
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(piece));
    bytes.remove_prefix(piece);
  }
  return static_cast<std::uint32_t>(crc);
}

template <class UInt>
void append_le(std::string& out, UInt value) {
  for (std::size_t i = 0; i != sizeof(UInt); ++i)
    out.push_back(static_cast<char>(static_cast<unsigned char>(value >> (8 * i))));
}

template <class UInt>
UInt read_le(std::string_view bytes, std::size_t offset) noexcept {
  UInt value = 0;
  for (std::size_t i = 0; i != sizeof(UInt); ++i)
    value |= static_cast<UInt>(static_cast<UInt>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i));
  return value;
}

template <class T>
using scalar_bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

inline std::size_t scalar_width(scalar_kind kind) noexcept { return kind == scalar_kind::float64 ? 8 : 4; }

inline std::string hex(std::uint64_t value, int digits) {
  char buffer[16];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, 16).ptr;
  const auto length = static_cast<std::size_t>(end - buffer);
  const auto width = static_cast<std::size_t>(digits);
  return "0x" + std::string(length < width ? width - length : 0, '0') + std::string(buffer, length);
}

// The bytes quoted and escaped (core/text.hpp) in at most `room` characters: a stored signature is the file's to
// choose. The default shows any signature a network can have (printable, up to text's capacity) whole, and keeps
// a message that quotes two of them well under 4 KiB whatever the file holds.
inline std::string quoted_bytes(std::string_view bytes, std::size_t room = text::capacity) {
  // With room for one more escape, whether anything is left out shows as going past `room`.
  const bool cut = escaped(bytes, room + 4).size() > room;
  std::string out = "'" + escaped(bytes, room) + "'";
  if (cut) out += " (cut to " + std::to_string(room) + " characters; " + std::to_string(bytes.size()) + " bytes in all)";
  return out;
}

// "NaN", "+infinity" or "-infinity" for a stored value that is not finite, nullptr for one that is. Read from the
// bits, so that a build with -ffinite-math-only cannot optimize the check away.
template <class T>
const char* non_finite_name(T value) noexcept {
  using bits_type = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  constexpr int mantissa_bits = std::numeric_limits<T>::digits - 1;
  constexpr bits_type exponent = ((bits_type{1} << (sizeof(T) * 8 - 1)) - 1) >> mantissa_bits << mantissa_bits;
  const auto bits = std::bit_cast<bits_type>(value);
  if ((bits & exponent) != exponent) return nullptr;
  if ((bits & ((bits_type{1} << mantissa_bits) - 1)) != 0) return "NaN";
  return bits >> (sizeof(T) * 8 - 1) != 0 ? "-infinity" : "+infinity";
}

inline std::string where(const std::filesystem::path& path) { return "nnstatic: '" + path.string() + "'"; }

struct parsed_header {
  model_file_info info;  // everything but the signature, which may not have been read yet
  std::uint32_t signature_length;
  std::size_t parameters_offset;
  std::size_t state_offset;
  std::size_t checksum_offset;
};

// Checks everything the fixed header says about itself and about the size of the file. `head` is the first
// min(file_size, fixed_header_size) bytes. Magic and version come first, since a file that is not ours, or of
// a newer version, may have anything behind them.
inline parsed_header parse_header(std::string_view head, std::uint64_t file_size, const std::filesystem::path& path) {
  if (file_size == 0)
    throw model_error(where(path) + " is empty: 0 bytes, an nnstatic model file has at least " +
                      std::to_string(fixed_header_size + checksum_size));
  // A shorter file whose bytes start the magic is a truncated model file rather than a foreign one.
  const std::string_view magic = head.substr(0, model_file_magic.size());
  if (magic != model_file_magic.substr(0, magic.size()))
    throw model_error(where(path) + " is not an nnstatic model file (magic at byte 0 is " + quoted_bytes(magic) +
                      ", expected 'NNSTATIC')");
  if (head.size() < version_offset + 4)
    throw model_error(where(path) + " is truncated: " + std::to_string(file_size) + " bytes, the header alone takes " +
                      std::to_string(fixed_header_size));

  const auto version = read_le<std::uint32_t>(head, version_offset);
  if (version > model_file_version)
    throw model_error(where(path) + " has model file format version " + std::to_string(version) + " (at byte " +
                      std::to_string(version_offset) + "), newer than version " + std::to_string(model_file_version) +
                      ", the newest this nnstatic reads; load it with a newer nnstatic");
  if (version == 1)
    throw model_error(where(path) + " has model file format version 1 (at byte " + std::to_string(version_offset) +
                      "), which stores no non-trainable state; this nnstatic reads version " +
                      std::to_string(model_file_version) +
                      " only; train the network again and save it with this nnstatic");
  if (version != model_file_version)
    throw model_error(where(path) + " has unknown model file format version " + std::to_string(version) + " at byte " +
                      std::to_string(version_offset) + ", expected " + std::to_string(model_file_version));
  if (head.size() < fixed_header_size)
    throw model_error(where(path) + " is truncated: " + std::to_string(file_size) + " bytes, the header alone takes " +
                      std::to_string(fixed_header_size));

  const auto scalar_value = read_le<std::uint32_t>(head, scalar_offset);
  if (scalar_value != static_cast<std::uint32_t>(scalar_kind::float32) &&
      scalar_value != static_cast<std::uint32_t>(scalar_kind::float64))
    throw model_error(where(path) + " has unknown scalar kind " + std::to_string(scalar_value) + " at byte " +
                      std::to_string(scalar_offset) + ", expected 1 (float32) or 2 (float64)");
  const auto scalar = static_cast<scalar_kind>(scalar_value);
  const auto count = read_le<std::uint64_t>(head, count_offset);
  const auto state_count = read_le<std::uint64_t>(head, state_count_offset);
  const auto signature_length = read_le<std::uint32_t>(head, signature_length_offset);

  // 48 + S + (P + Q) * w, unless the counts are so large that no file (and no address space) could hold it.
  const std::uint64_t width = scalar_width(scalar);
  const std::uint64_t framing = fixed_header_size + signature_length + checksum_size;
  const std::uint64_t largest = std::numeric_limits<std::size_t>::max();
  const std::uint64_t room = (largest - framing) / width;
  const auto too_many = [&](std::uint64_t values, const char* what, std::size_t at) {
    throw model_error(where(path) + " is corrupted: the header promises " + std::to_string(values) + " " +
                      std::string(scalar_kind_name(scalar)) + " " + what + " (count at byte " + std::to_string(at) +
                      "), more than a file on this machine can hold; the file has " + std::to_string(file_size) +
                      " bytes");
  };
  if (count > room) too_many(count, "parameters", count_offset);
  if (state_count > room - count) too_many(state_count, "state values", state_count_offset);
  const std::uint64_t promised = framing + (count + state_count) * width;
  if (file_size != promised)
    throw model_error(where(path) + (file_size < promised ? " is truncated: " : " is too long: ") +
                      std::to_string(file_size) + " bytes, the header promises " + std::to_string(promised) +
                      " (header " + std::to_string(fixed_header_size) + " + signature " +
                      std::to_string(signature_length) + " + (" + std::to_string(count) + " parameters + " +
                      std::to_string(state_count) + " state values) x " + std::to_string(width) + " bytes of " +
                      std::string(scalar_kind_name(scalar)) + " + CRC-32 " + std::to_string(checksum_size) + ")");

  if (signature_length > model_file_max_signature)
    throw model_error(where(path) + " is corrupted: its signature length at byte " +
                      std::to_string(signature_length_offset) + " is " + std::to_string(signature_length) +
                      " bytes, more than the " + std::to_string(model_file_max_signature) +
                      " a model file may hold");

  const std::size_t parameters_offset = signature_offset + signature_length;
  return {
      model_file_info{version, scalar, read_le<std::uint64_t>(head, fingerprint_offset), std::string(), count,
                      state_count},
      signature_length,
      parameters_offset,
      parameters_offset + static_cast<std::size_t>(count * width),
      static_cast<std::size_t>(promised) - checksum_size,
  };
}

// A stored fingerprint that disagrees with the stored signature: only a hand-made or damaged file gets here.
inline void check_fingerprint(const model_file_info& info, const std::filesystem::path& path) {
  const std::uint64_t computed = nnstatic::fingerprint(info.signature);
  if (info.fingerprint != computed)
    throw model_error(where(path) + " is corrupted: fingerprint " + hex(info.fingerprint, 16) + " at byte " +
                      std::to_string(fingerprint_offset) + " does not match its signature " +
                      quoted_bytes(info.signature) + ", whose fingerprint is " + hex(computed, 16));
}

// Throws unless the file's header describes the network spelled `signature` with `count` parameters and
// `state_count` state values of `kind`.
inline void check_network(const model_file_info& info, std::string_view signature, scalar_kind kind, std::size_t count,
                          std::size_t state_count, const std::filesystem::path& path) {
  const std::uint64_t expected_fingerprint = nnstatic::fingerprint(signature);
  if (info.fingerprint != expected_fingerprint || info.signature != signature)
    throw model_error(where(path) + " was saved from network " + quoted_bytes(info.signature) + " (fingerprint " +
                      hex(info.fingerprint, 16) + ") but is being loaded into " + quoted_bytes(signature) +
                      " (fingerprint " + hex(expected_fingerprint, 16) + ")");
  if (info.scalar != kind)
    throw model_error(where(path) + " holds " + std::string(scalar_kind_name(info.scalar)) +
                      " parameters (scalar kind at byte " + std::to_string(scalar_offset) +
                      ") but is being loaded into " + std::string(scalar_kind_name(kind)) + " parameters");
  if (info.param_count != count)
    throw model_error(where(path) + " holds " + std::to_string(info.param_count) + " parameters (count at byte " +
                      std::to_string(count_offset) + ") but network '" + std::string(signature) + "' has " +
                      std::to_string(count));
  if (info.state_count != state_count)
    throw model_error(where(path) + " holds " + std::to_string(info.state_count) +
                      " non-trainable state values (count at byte " + std::to_string(state_count_offset) +
                      ") but network '" + std::string(signature) + "' has " + std::to_string(state_count));
}

class reader {
 public:
  explicit reader(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found)
      throw file_error("nnstatic: cannot open '" + path.string() + "': no such file");
    if (status.type() == std::filesystem::file_type::directory)
      throw file_error("nnstatic: cannot read '" + path.string() + "': it is a directory, not a model file");
    // A device or a pipe has no size to check the header against (and /dev/zero would pass for an empty file).
    if (status.type() != std::filesystem::file_type::regular && status.type() != std::filesystem::file_type::none)
      throw file_error("nnstatic: cannot read '" + path.string() + "' as a model file: it is " +
                       non_regular_name(status.type()) + ", not a regular file");
    errno = 0;
    in_.open(path, std::ios::binary);
    if (!in_) throw file_error("nnstatic: cannot open '" + path.string() + "' for reading: " + reason());
    in_.seekg(0, std::ios::end);
    const std::streamoff end = in_.tellg();
    in_.seekg(0, std::ios::beg);
    if (!in_ || end < 0)
      throw file_error("nnstatic: cannot determine the size of '" + path.string() + "': " + reason());
    size_ = static_cast<std::uint64_t>(end);
  }

  std::uint64_t size() const noexcept { return size_; }

  // Appends the next `count` bytes to `bytes`; the caller has checked that the file is long enough, so a short
  // read means an I/O error or a file that shrank meanwhile.
  void append_to(std::string& bytes, std::size_t count) {
    const std::size_t start = bytes.size();
    bytes.resize(start + count);
    errno = 0;
    in_.read(bytes.data() + start, static_cast<std::streamsize>(count));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (got != count)
      throw file_error("nnstatic: reading '" + path_.string() + "' failed after " + std::to_string(got) + " of " +
                       std::to_string(count) + " bytes: " + reason());
  }

  std::string read(std::size_t count) {
    std::string bytes;
    append_to(bytes, count);
    return bytes;
  }

 private:
  static std::string non_regular_name(std::filesystem::file_type type) {
    switch (type) {
      case std::filesystem::file_type::character: return "a character device";
      case std::filesystem::file_type::block: return "a block device";
      case std::filesystem::file_type::fifo: return "a named pipe";
      case std::filesystem::file_type::socket: return "a socket";
      default: return "of an unknown type";
    }
  }

  static std::string reason() {
    return errno != 0 ? std::generic_category().message(errno) : std::string("the stream gives no reason");
  }

  std::filesystem::path path_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

}  // namespace detail

/// Writes `params` and `state` as a model file of the network spelled `signature` (see core/fingerprint.hpp),
/// through `write_atomically`: the old file stays in place until the new one is complete. Throws `file_error` if
/// the file cannot be written and `model_error` if the signature is longer than `model_file_max_signature`.
template <class T, std::size_t Extent, std::size_t StateExtent>
void save_parameters(const std::filesystem::path& path, std::string_view signature, std::span<const T, Extent> params,
                     std::span<const T, StateExtent> state) {
  constexpr scalar_kind kind = scalar_kind_of_v<T>;
  if (signature.size() > model_file_max_signature)
    throw model_error(detail::where(path) + " cannot be written: the network signature is " +
                      std::to_string(signature.size()) + " bytes, a model file holds at most " +
                      std::to_string(model_file_max_signature));

  std::string bytes;
  bytes.reserve(detail::fixed_header_size + signature.size() + params.size_bytes() + state.size_bytes() +
                detail::checksum_size);
  bytes += model_file_magic;
  detail::append_le(bytes, model_file_version);
  detail::append_le(bytes, static_cast<std::uint32_t>(kind));
  detail::append_le(bytes, nnstatic::fingerprint(signature));
  detail::append_le(bytes, static_cast<std::uint64_t>(params.size()));
  detail::append_le(bytes, static_cast<std::uint64_t>(state.size()));
  detail::append_le(bytes, static_cast<std::uint32_t>(signature.size()));
  bytes += signature;
  for (const std::span<const T> values : {std::span<const T>(params), std::span<const T>(state)}) {
    if constexpr (std::endian::native == std::endian::little) {
      if (!values.empty()) bytes.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
    } else {
      for (const T value : values) detail::append_le(bytes, std::bit_cast<detail::scalar_bits<T>>(value));
    }
  }
  detail::append_le(bytes, detail::crc32_of(bytes));
  write_atomically(path, bytes);
}

/// The same for a network without non-trainable state.
template <class T, std::size_t Extent = std::dynamic_extent>
void save_parameters(const std::filesystem::path& path, std::string_view signature, std::span<const T, Extent> params) {
  save_parameters(path, signature, params, std::span<const T, 0>());
}

/// Reads and checks the header of a model file: magic, version, scalar kind, that the file is as long as the
/// header says and that the fingerprint is that of the signature. It reads neither the parameters nor the
/// checksum over them (`load_parameters` does). Throws `file_error` if the file cannot be read and
/// `model_error` naming the file and the offending field otherwise.
inline model_file_info read_model_info(const std::filesystem::path& path) {
  detail::reader file(path);
  const std::string head =
      file.read(static_cast<std::size_t>(std::min<std::uint64_t>(file.size(), detail::fixed_header_size)));
  detail::parsed_header header = detail::parse_header(head, file.size(), path);
  header.info.signature = file.read(header.signature_length);
  detail::check_fingerprint(header.info, path);
  return std::move(header.info);
}

namespace detail {

// What a message calls state value `index`: `name_of.state(index)` where the namer has one
// (`network_parameter_name` names the layer), "state value 12" otherwise.
template <class ParameterName>
std::string state_name(const ParameterName& name_of, std::size_t index) {
  if constexpr (requires { name_of.state(index); })
    return name_of.state(index);
  else
    return "state value " + std::to_string(index);
}

// Throws unless every stored value is finite; `name(i)` says which one is not.
template <class T>
void check_finite(std::string_view stored, std::size_t first_byte, std::size_t count, const std::filesystem::path& path,
                  const auto& name) {
  for (std::size_t i = 0; i != count; ++i) {
    const auto value = std::bit_cast<T>(read_le<scalar_bits<T>>(stored, i * sizeof(T)));
    if (const char* what = non_finite_name(value))
      throw model_error(where(path) + ": " + name(i) + " is " + what + " (stored at byte " +
                        std::to_string(first_byte + i * sizeof(T)) +
                        "); a network with NaN or infinite values predicts nothing useful; pass "
                        "load_options{.allow_non_finite = true} to load it all the same");
  }
}

template <class T, std::size_t Extent>
void copy_stored(std::string_view stored, std::span<T, Extent> values) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    // memcpy may not be given the null data() of an empty span.
    if (!stored.empty()) std::memcpy(values.data(), stored.data(), stored.size());
  } else {
    for (std::size_t i = 0; i != values.size(); ++i)
      values[i] = std::bit_cast<T>(read_le<scalar_bits<T>>(stored, i * sizeof(T)));
  }
}

}  // namespace detail

/// Reads the model file at `path` into `params` and `state`, which must belong to the network spelled `signature`.
/// Every check (magic, version, file size against the header, CRC-32, scalar kind, network, parameter and state
/// counts, and unless `options` allow them no NaN or infinite value) passes before the first element of `params`
/// or `state` is written, so a failed load leaves both as they were. `name_of(index)` names a parameter in
/// messages and `name_of.state(index)`, if it has one, a state value (`network_parameter_name<Net>` names the
/// layer of both). Throws `file_error` if the file cannot be read and `model_error`, saying what was expected and
/// what was found, if it is not a model file of this network.
template <class T, std::size_t Extent, std::size_t StateExtent, class ParameterName = parameter_index_name>
void load_parameters(const std::filesystem::path& path, std::string_view signature, std::span<T, Extent> params,
                     std::span<T, StateExtent> state, const load_options& options = {},
                     const ParameterName& name_of = {}) {
  static_assert(!std::is_const_v<T>, "nnstatic: load_parameters writes into params, so they must not be const");
  constexpr scalar_kind kind = scalar_kind_of_v<std::remove_const_t<T>>;

  detail::reader file(path);
  const std::size_t head_size =
      static_cast<std::size_t>(std::min<std::uint64_t>(file.size(), detail::fixed_header_size));
  std::string bytes = file.read(head_size);
  detail::parsed_header header = detail::parse_header(bytes, file.size(), path);
  model_file_info& info = header.info;
  file.append_to(bytes, header.signature_length);
  info.signature = bytes.substr(detail::signature_offset, header.signature_length);

  // A file of another size than this network's is not this network's, whatever its checksum says. Say so before
  // reading the rest, whose size the file chose (a sparse file can claim terabytes).
  if (file.size() !=
      detail::fixed_header_size + signature.size() + params.size_bytes() + state.size_bytes() + detail::checksum_size) {
    detail::check_fingerprint(info, path);
    detail::check_network(info, signature, kind, params.size(), state.size(), path);
  }
  file.append_to(bytes, static_cast<std::size_t>(file.size()) - bytes.size());

  const std::string_view covered = std::string_view(bytes).substr(0, header.checksum_offset);
  const auto stored_crc = detail::read_le<std::uint32_t>(bytes, header.checksum_offset);
  const std::uint32_t computed_crc = detail::crc32_of(covered);
  if (stored_crc != computed_crc)
    throw model_error(detail::where(path) + " is corrupted: CRC-32 " + detail::hex(stored_crc, 8) + " stored at byte " +
                      std::to_string(header.checksum_offset) + ", computed " + detail::hex(computed_crc, 8) +
                      " over bytes 0 to " + std::to_string(header.checksum_offset - 1));

  detail::check_fingerprint(info, path);
  detail::check_network(info, signature, kind, params.size(), state.size(), path);

  const std::string_view stored_params = std::string_view(bytes).substr(header.parameters_offset, params.size_bytes());
  const std::string_view stored_state = std::string_view(bytes).substr(header.state_offset, state.size_bytes());
  if (!options.allow_non_finite) {
    detail::check_finite<T>(stored_params, header.parameters_offset, params.size(), path, name_of);
    detail::check_finite<T>(stored_state, header.state_offset, state.size(), path,
                            [&](std::size_t i) { return detail::state_name(name_of, i); });
  }
  detail::copy_stored(stored_params, params);
  detail::copy_stored(stored_state, state);
}

/// The same for a network without non-trainable state: the file must hold none.
template <class T, std::size_t Extent = std::dynamic_extent, class ParameterName = parameter_index_name>
void load_parameters(const std::filesystem::path& path, std::string_view signature, std::span<T, Extent> params,
                     const load_options& options = {}, const ParameterName& name_of = {}) {
  load_parameters(path, signature, params, std::span<T, 0>(), options, name_of);
}

}  // namespace nnstatic::io
