#pragma once
/// Reading IDX files, the format of MNIST and Fashion-MNIST, gzip-compressed or plain.
///
/// An IDX file is two zero bytes, an element type byte, a dimension count byte, one big-endian 32-bit size per
/// dimension, then the elements in row-major order. Images are `count x rows x columns` unsigned bytes, labels are
/// `count` unsigned bytes. Every field is checked; an error names the file, the byte offset in the uncompressed
/// stream, what was expected and what was found. A header that claims more data than `load_limits` allows is
/// refused before anything is allocated for it. Link with zlib (`-lz`).
#include <nnstatic/core/error.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/data/detail/data_file.hpp>
#include <nnstatic/data/load_limits.hpp>
#include <nnstatic/data/split.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nnstatic::data {

/// The contents of an IDX image file: `count` images of `rows x columns` bytes, row-major, one after another.
struct idx_images {
  std::size_t count = 0;
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<std::uint8_t> pixels;
};

/// Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST (the four `.gz` files).
inline constexpr std::string_view default_fashion_mnist_folder = "/usr/share/datasets/fashion-mnist";

/// Fashion-MNIST's names for labels 0 to 9.
inline constexpr std::array<std::string_view, 10> fashion_mnist_class_names = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

namespace detail {

inline std::string hex(std::uint8_t byte) {
  constexpr std::string_view digits = "0123456789abcdef";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0xf];
}

inline std::string_view idx_type_name(std::uint8_t type) {
  switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0b: return "16-bit integer";
    case 0x0c: return "32-bit integer";
    case 0x0d: return "32-bit float";
    case 0x0e: return "64-bit float";
    default: return "not an IDX type";
  }
}

[[noreturn]] inline void idx_fail(const data_file& in, std::uint64_t offset, std::string_view what,
                                  std::string_view expected, std::string_view found) {
  throw data_error("nnstatic: bad IDX file " + in.where(offset) + ": " + std::string(what) + ": expected " +
                   std::string(expected) + ", found " + std::string(found));
}

/// Reads and checks the header of an IDX file of unsigned bytes with `rank` dimensions (`layout` names them for
/// messages) and returns the dimensions.
inline std::array<std::size_t, 3> read_idx_header(data_file& in, std::size_t rank, std::string_view layout) {
  const std::size_t header_size = 4 + 4 * rank;
  std::array<std::uint8_t, 16> header{};
  const std::size_t got = in.read(std::span(header).first(header_size));

  // Check the fields that did arrive before complaining about the ones that did not: a short foreign file is
  // better reported as foreign than as short.
  const std::string magic = got < 2 ? hex(header[0]) : hex(header[0]) + " " + hex(header[1]);
  if (got >= 1 && header[0] != 0) idx_fail(in, 0, "the magic number", "two zero bytes", magic);
  if (got >= 2 && header[1] != 0) idx_fail(in, 1, "the magic number", "two zero bytes", magic);
  if (got >= 3 && header[2] != 0x08)
    idx_fail(in, 2, "the element type", "0x08 (unsigned byte)",
             hex(header[2]) + " (" + std::string(idx_type_name(header[2])) + ")");
  if (got >= 4 && header[3] != rank) {
    std::string found = std::to_string(header[3]);
    if (rank == 3 && header[3] == 1) found += " (a labels file?)";
    if (rank == 1 && header[3] == 3) found += " (an images file?)";
    idx_fail(in, 3, "the number of dimensions", std::to_string(rank) + " (" + std::string(layout) + ")", found);
  }
  if (got < header_size)
    idx_fail(in, got, "the header ends early", std::to_string(header_size) + " header bytes",
             std::to_string(got) + " (" + in.ending() + ")");

  std::array<std::size_t, 3> dims{};
  for (std::size_t k = 0; k < rank; ++k) {
    const std::uint8_t* field = header.data() + 4 + 4 * k;
    dims[k] = std::size_t{field[0]} << 24 | std::size_t{field[1]} << 16 | std::size_t{field[2]} << 8 | field[3];
    // An empty data set is a data set; an image without rows is not.
    if (k > 0 && dims[k] == 0)
      idx_fail(in, 4 + 4 * k, k == 1 ? "the number of rows" : "the number of columns", "a number above zero", "0");
  }
  return dims;
}

/// Reads the `bytes` bytes of data that follow the header, taking them from `budget`; `what` describes them for
/// messages.
inline std::vector<std::uint8_t> read_idx_data(data_file& in, std::uint64_t bytes, std::string_view what,
                                               byte_budget& budget) {
  const std::uint64_t start = in.offset();
  const auto ends_early = [&](std::uint64_t found) {
    idx_fail(in, start + found, "the data ends early",
             std::to_string(bytes) + " bytes (" + std::string(what) + ") from byte offset " + std::to_string(start),
             std::to_string(found) + " (the data ends at byte offset " + std::to_string(start + found) + ")");
  };
  // A plain file's size is known: a count larger than the file is refused before anything is allocated for it.
  if (const auto length = in.known_length(); length && bytes > *length - std::min(*length, start))
    ends_early(*length - std::min(*length, start));
  if (!budget.take(bytes))
    throw data_error("nnstatic: IDX file " + in.where(4) + " claims " + std::string(what) + " (" +
                     std::to_string(bytes) + " bytes), more than " + budget.limit_text());
  if (bytes > std::vector<std::uint8_t>().max_size())
    idx_fail(in, 4, "the dimensions", "a data size this machine can hold", std::to_string(bytes) + " bytes");
  std::vector<std::uint8_t> data;
  // Grow while reading rather than allocate what the header claims: a compressed file's length is not known
  // before it is read, and a corrupt count must end in "the data ends early", not in bad_alloc.
  while (data.size() < bytes) {
    const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(bytes - data.size(), std::uint64_t{1} << 20));
    const std::size_t old = data.size();
    data.resize(old + chunk);
    if (const std::size_t got = in.read(std::span(data).subspan(old)); got < chunk) ends_early(old + got);
  }
  return data;
}

inline void expect_idx_end(data_file& in) {
  const std::uint64_t end = in.offset();
  // Count a few of the bytes after the data, not all of them: gigabytes of them are refused at once, without
  // decompressing them first.
  constexpr std::uint64_t counted = 4096;
  const auto length = in.known_length();
  const std::uint64_t extra = length ? *length - std::min(*length, end) : in.skip(counted + 1);
  if (extra == 0) return;
  const std::string found = !length && extra > counted
                                ? "more than " + std::to_string(counted) + " more bytes"
                                : std::to_string(extra) + " more byte" + (extra == 1 ? "" : "s");
  idx_fail(in, end, "trailing bytes after the data", "the file to end at byte offset " + std::to_string(end), found);
}

inline std::filesystem::path find_idx_file(const std::filesystem::path& folder, std::string_view name) {
  const std::filesystem::path plain = folder / name;
  std::filesystem::path compressed = plain;
  compressed += ".gz";
  for (const auto& candidate : {plain, compressed})
    if (std::filesystem::is_regular_file(candidate)) return candidate;
  throw file_error("nnstatic: cannot find '" + plain.string() + "' or '" + compressed.string() + "'");
}

inline idx_images read_idx_images(const std::filesystem::path& path, byte_budget& budget) {
  data_file in(path);
  const auto dims = read_idx_header(in, 3, "images x rows x columns");
  const std::uint64_t image_bytes = std::uint64_t{dims[1]} * dims[2];  // below 2^64: both factors are below 2^32
  if (dims[0] > std::numeric_limits<std::uint64_t>::max() / image_bytes)
    idx_fail(in, 4, "the dimensions", "a data size below 2^64 bytes",
             std::to_string(dims[0]) + " x " + std::to_string(dims[1]) + " x " + std::to_string(dims[2]));
  auto pixels = read_idx_data(
      in, dims[0] * image_bytes,
      std::to_string(dims[0]) + " images of " + std::to_string(dims[1]) + " x " + std::to_string(dims[2]), budget);
  expect_idx_end(in);
  return {.count = dims[0], .rows = dims[1], .columns = dims[2], .pixels = std::move(pixels)};
}

inline std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& path, byte_budget& budget) {
  data_file in(path);
  const auto dims = read_idx_header(in, 1, "labels");
  auto labels = read_idx_data(in, dims[0], std::to_string(dims[0]) + " labels", budget);
  expect_idx_end(in);
  return labels;
}

}  // namespace detail

/// Reads an IDX file of `count x rows x columns` unsigned bytes. Throws `file_error` if it cannot be opened and
/// `data_error` for anything else: bad magic, element type, dimension count or dimensions, more data than
/// `limits` allow, a file that ends early, bytes after the data, gzip data that is corrupt or cut short.
inline idx_images load_idx_images(const std::filesystem::path& path, const load_limits& limits = {}) {
  detail::byte_budget budget(limits);
  return detail::read_idx_images(path, budget);
}

/// Reads an IDX file of `count` unsigned-byte labels; the same checks as `load_idx_images`.
inline std::vector<std::uint8_t> load_idx_labels(const std::filesystem::path& path, const load_limits& limits = {}) {
  detail::byte_budget budget(limits);
  return detail::read_idx_labels(path, budget);
}

/// Reads an image file and its label file into a data set of `rows x columns x 1` images with pixel values
/// 0 to 255 (scale them with `normalize.hpp`). Besides each file's own checks, the counts must agree and every
/// label must be below `classes`; `limits` apply to both files together.
inline dataset load_idx(const std::filesystem::path& images_path, const std::filesystem::path& labels_path,
                        std::size_t classes = 10, const load_limits& limits = {}) {
  if (classes == 0) throw error("nnstatic: load_idx: expected at least one class, found classes = 0");
  detail::byte_budget budget(limits);
  idx_images images = detail::read_idx_images(images_path, budget);
  std::vector<std::uint8_t> labels = detail::read_idx_labels(labels_path, budget);
  if (labels.size() != images.count)
    throw data_error("nnstatic: bad IDX file '" + labels_path.string() +
                     "' at byte offset 4: the label count does not match the image count of '" + images_path.string() +
                     "' (its byte offset 4): expected " + std::to_string(images.count) + " labels, found " +
                     std::to_string(labels.size()));
  constexpr std::size_t labels_start = 8;  // magic, type, rank, one 32-bit count
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] >= classes)
      throw data_error("nnstatic: bad IDX file '" + labels_path.string() + "' at byte offset " +
                       std::to_string(labels_start + i) + ": the label of sample " + std::to_string(i) +
                       " is out of range: expected a label below " + std::to_string(classes) + ", found " +
                       std::to_string(labels[i]));
  return dataset{
      .images = std::vector<float>(images.pixels.begin(), images.pixels.end()),
      .labels = std::move(labels),
      .classes = classes,
      .height = images.rows,
      .width = images.columns,
      .channels = 1,
  };
}

/// Loads MNIST or Fashion-MNIST from a folder holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, each plain or with `.gz` (the plain one is preferred).
/// A missing folder or file is a `file_error` naming the path; `default_fashion_mnist_folder` is where Debian's
/// `dataset-fashion-mnist` package puts them. `limits` apply to the images and labels together.
inline dataset load_mnist_folder(const std::filesystem::path& folder, split part, const load_limits& limits = {}) {
  if (!std::filesystem::exists(folder))
    throw file_error("nnstatic: cannot open the data folder '" + folder.string() + "': no such directory");
  if (!std::filesystem::is_directory(folder))
    throw file_error("nnstatic: cannot open the data folder '" + folder.string() +
                     "': expected a directory, found a file");
  const std::string prefix = part == split::train ? "train" : "t10k";
  // Two statements, so that a folder missing both files reports the images first.
  const auto images = detail::find_idx_file(folder, prefix + "-images-idx3-ubyte");
  const auto labels = detail::find_idx_file(folder, prefix + "-labels-idx1-ubyte");
  return load_idx(images, labels, 10, limits);
}

}  // namespace nnstatic::data
