#pragma once
/// Reading CIFAR-10 in its binary form (`cifar-10-batches-bin`), plain or gzip-compressed.
///
/// A batch file is a run of 3073-byte records: one label byte (0 to 9), then the 32 x 32 image as three planes of
/// 1024 bytes (red, green, blue), each plane row-major. The loader turns the planes into NHWC, 32 x 32 x 3, so
/// CIFAR-10 images sit in memory as Keras keeps them. The records read are counted against `load_limits`, since
/// a small `.gz` can expand to any number of them. Link with zlib (`-lz`).
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
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace nnstatic::data {

/// CIFAR-10's names for labels 0 to 9.
inline constexpr std::array<std::string_view, 10> cifar10_class_names = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

namespace detail {

inline constexpr std::size_t cifar10_side = 32;
inline constexpr std::size_t cifar10_plane = cifar10_side * cifar10_side;
inline constexpr std::size_t cifar10_record = 1 + 3 * cifar10_plane;

[[noreturn]] inline void cifar_fail(const data_file& in, std::uint64_t offset,
                                    std::string_view what, std::string_view expected, std::string_view found) {
  throw data_error("nnstatic: bad CIFAR-10 batch file " + in.where(offset) + ": " + std::string(what) + ": expected " +
                   std::string(expected) + ", found " + std::string(found));
}

/// Appends the records of one batch file to `out`, taking them from `budget`.
inline void read_cifar10_batch(const std::filesystem::path& path, dataset& out, byte_budget& budget) {
  data_file in(path);
  std::array<std::uint8_t, cifar10_record> record{};
  for (std::size_t index = 0;; ++index) {
    const std::uint64_t start = in.offset();
    const std::size_t got = in.read(record);
    if (got == 0) {
      if (index == 0)
        cifar_fail(in, 0, "no records", "at least one record of " + std::to_string(cifar10_record) + " bytes",
                   "an empty file");
      return;
    }
    if (got < cifar10_record)
      cifar_fail(in, start, "the last record is cut short",
                 std::to_string(cifar10_record) + " bytes per record (1 label byte and 3 planes of 32 x 32 pixels)",
                 std::to_string(got) + " bytes (" + in.ending() + ", which is not a multiple of " +
                     std::to_string(cifar10_record) + ")");
    if (!budget.take(cifar10_record))
      throw data_error("nnstatic: CIFAR-10 batch file " + in.where(start) + ": record " + std::to_string(index) +
                       " of " + std::to_string(cifar10_record) + " bytes would go past " + budget.limit_text());
    if (record[0] > 9)
      cifar_fail(in, start, "the label of record " + std::to_string(index) + " is out of range", "0 to 9",
                 std::to_string(record[0]));

    const std::size_t base = out.images.size();
    out.images.resize(base + 3 * cifar10_plane);
    float* pixels = out.images.data() + base;
    // planes (c, y, x) -> interleaved (y, x, c)
    for (std::size_t p = 0; p < cifar10_plane; ++p)
      for (std::size_t c = 0; c < 3; ++c) pixels[3 * p + c] = record[1 + c * cifar10_plane + p];
    out.labels.push_back(record[0]);
  }
}

}  // namespace detail

/// Reads CIFAR-10 batch files, in the given order, into one data set of 32 x 32 x 3 images with pixel values
/// 0 to 255 and 10 classes. Throws `file_error` for a file that cannot be opened and `data_error` for a file whose
/// size is not a whole number of 3073-byte records (naming the offset of the partial record), an empty file or a
/// label above 9, or for more records, all files together, than `limits` allow.
inline dataset load_cifar10(std::span<const std::filesystem::path> batch_files, const load_limits& limits = {}) {
  if (batch_files.empty()) throw error("nnstatic: load_cifar10: expected at least one batch file, found none");
  dataset out{.images = {}, .labels = {}, .classes = 10, .height = 32, .width = 32, .channels = 3};
  // A hint only, never above the limit: compressed files hold more records than their size suggests, a plain
  // file may hold more than the limit (and fails below), and a missing file fails below.
  std::uintmax_t bytes = 0;
  for (const auto& path : batch_files) {
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(path, ec); !ec) bytes += size;
  }
  const auto records = static_cast<std::size_t>(std::min<std::uintmax_t>(bytes, limits.max_bytes) / detail::cifar10_record);
  out.images.reserve(records * 3 * detail::cifar10_plane);
  out.labels.reserve(records);
  detail::byte_budget budget(limits);
  for (const auto& path : batch_files) detail::read_cifar10_batch(path, out, budget);
  return out;
}

/// Loads the training part (`data_batch_1.bin` to `data_batch_5.bin`, 50000 images) or the test part
/// (`test_batch.bin`, 10000 images) from a `cifar-10-batches-bin` folder. A missing folder or file is a
/// `file_error` naming the path. `limits` apply to all the files together.
inline dataset load_cifar10_folder(const std::filesystem::path& folder, split part, const load_limits& limits = {}) {
  if (!std::filesystem::is_directory(folder))
    throw file_error("nnstatic: cannot open the CIFAR-10 folder '" + folder.string() + "': " +
                     (std::filesystem::exists(folder) ? "expected a directory, found a file" : "no such directory"));
  std::vector<std::filesystem::path> files;
  if (part == split::train)
    for (int batch = 1; batch <= 5; ++batch) files.push_back(folder / ("data_batch_" + std::to_string(batch) + ".bin"));
  else
    files.push_back(folder / "test_batch.bin");
  return load_cifar10(files, limits);
}

}  // namespace nnstatic::data
