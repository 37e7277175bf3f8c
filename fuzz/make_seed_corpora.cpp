// Writes the fuzz targets' seed corpora, valid files made by nnstatic's own writers where it has them (model
// files, history CSV) and by the published formats where it only reads them (IDX, CIFAR-10):
//
//   make_seed_corpora <folder>     fills <folder>/<target>/ for every target in fuzz/
//
// Seeds are made at build time rather than committed, so they follow the formats as the code changes.
#include <nnstatic/data/cifar.hpp>
#include <nnstatic/io/history_files.hpp>
#include <nnstatic/train/model.hpp>

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "small_network.hpp"

namespace {

namespace fs = std::filesystem;
using bytes = std::vector<std::uint8_t>;

void write_plain(const fs::path& path, const bytes& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(contents.data()), static_cast<std::streamsize>(contents.size()));
  if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

void write_gzip(const fs::path& path, const bytes& contents) {
  gzFile out = gzopen(path.c_str(), "wb9");
  if (out == nullptr) throw std::runtime_error("cannot open '" + path.string() + "'");
  const int written = gzwrite(out, contents.data(), static_cast<unsigned>(contents.size()));
  if (gzclose(out) != Z_OK || written != static_cast<int>(contents.size()))
    throw std::runtime_error("cannot write '" + path.string() + "'");
}

// An IDX file of unsigned bytes: two zero bytes, type 0x08, the rank, big-endian sizes, then `data`.
bytes idx_file(const std::vector<std::uint32_t>& dims, const bytes& data) {
  bytes out = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (const std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(d >> shift));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

bytes counting(std::size_t count, std::size_t modulo) {
  bytes out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<std::uint8_t>(i % modulo);
  return out;
}

void idx_seeds(const fs::path& plain_and_gzip, const fs::path& decompressed) {
  const bytes images = idx_file({3, 4, 5}, counting(3 * 4 * 5, 256));
  const bytes labels = idx_file({3}, counting(3, 10));
  const bytes no_images = idx_file({0, 28, 28}, {});
  const bytes mnist_sized = idx_file({1, 28, 28}, counting(28 * 28, 251));
  for (const fs::path& folder : {plain_and_gzip, decompressed}) {
    write_plain(folder / "images-3x4x5", images);
    write_plain(folder / "labels-3", labels);
    write_plain(folder / "images-0x28x28", no_images);
    write_plain(folder / "images-1x28x28", mnist_sized);
  }
  write_gzip(plain_and_gzip / "images-3x4x5.gz", images);
  write_gzip(plain_and_gzip / "labels-3.gz", labels);
  write_gzip(plain_and_gzip / "images-1x28x28.gz", mnist_sized);
}

void cifar_seeds(const fs::path& folder) {
  constexpr std::size_t record = nnstatic::data::detail::cifar10_record;
  bytes one = counting(record, 256);
  one[0] = 6;
  bytes two = counting(2 * record, 253);
  two[0] = 0;
  two[record] = 9;
  write_plain(folder / "one-record.bin", one);
  write_gzip(folder / "two-records.bin.gz", two);
}

void model_file_seeds(const fs::path& folder) {
  nnstatic::model<nnstatic::fuzz::small_network>(1).save(folder / "small-float32.nns");
  nnstatic::model<nnstatic::fuzz::small_network, double>(2).save(folder / "small-float64.nns");
}

void history_csv_seeds(const fs::path& folder) {
  using nnstatic::history;
  const history without_validation{
      {{.epoch = 1, .loss = 0.5, .accuracy = 0.75, .seconds = 12.25, .images_per_second = 4870.0}}};
  const history with_validation{{
      {.epoch = 1,
       .loss = 0.6,
       .accuracy = 0.78,
       .val_loss = 0.41,
       .val_accuracy = 0.85,
       .seconds = 2.0,
       .images_per_second = 27000.0},
      {.epoch = 2,
       .loss = 1.0 / 3.0,
       .accuracy = 0.875,
       .val_loss = 0.375,
       .val_accuracy = 0.8125,
       .seconds = 1.9,
       .images_per_second = 28421.5},
  }};
  const history diverged{{{.epoch = 3,
                           .loss = std::numeric_limits<double>::quiet_NaN(),
                           .accuracy = 0.1,
                           .val_loss = std::numeric_limits<double>::infinity(),
                           .seconds = 1e-300,
                           .images_per_second = std::numeric_limits<double>::max()}}};
  nnstatic::write_csv(history{}, folder / "empty.csv");
  nnstatic::write_csv(without_validation, folder / "without-validation.csv");
  nnstatic::write_csv(with_validation, folder / "with-validation.csv");
  nnstatic::write_csv(diverged, folder / "diverged.csv");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <folder>\n", argv[0]);
    return 2;
  }
  try {
    const fs::path root = argv[1];
    for (const char* target : {"idx", "idx_gzip", "cifar", "model_file", "history_csv"})
      fs::create_directories(root / target);
    idx_seeds(root / "idx", root / "idx_gzip");
    cifar_seeds(root / "cifar");
    model_file_seeds(root / "model_file");
    history_csv_seeds(root / "history_csv");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_seed_corpora: %s\n", e.what());
    return 1;
  }
  return 0;
}
