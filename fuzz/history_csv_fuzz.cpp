// libFuzzer target: a history CSV read by `read_csv`. A history it accepts must also survive `to_csv` and
// `from_csv` unchanged, bit for bit (signed zeros and NaNs included): what the reader takes in, the writer must
// be able to write.
#include <nnstatic/io/history_files.hpp>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "harness.hpp"

namespace {

// Bit for bit, but for a NaN's payload, which `to_chars` does not write: "nan(123)" reads back as "nan".
bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return std::signbit(a) == std::signbit(b);
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_bits(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || same_bits(*a, *b));
}

bool same_bits(const nnstatic::epoch_record& a, const nnstatic::epoch_record& b) {
  return a.epoch == b.epoch && same_bits(a.loss, b.loss) && same_bits(a.accuracy, b.accuracy) &&
         same_bits(a.val_loss, b.val_loss) && same_bits(a.val_accuracy, b.val_accuracy) &&
         same_bits(a.seconds, b.seconds) && same_bits(a.images_per_second, b.images_per_second);
}

void expect_round_trip(const nnstatic::history& read) {
  const std::string written = nnstatic::to_csv(read);
  nnstatic::history again;
  if (!nnstatic::fuzz::expect_only_nnstatic_errors("from_csv of to_csv", [&] { again = nnstatic::from_csv(written); }))
    nnstatic::fuzz::finding("from_csv refuses what to_csv wrote from an accepted history", written);
  if (again.size() != read.size())
    nnstatic::fuzz::finding("to_csv then from_csv changes the number of epochs", written);
  for (std::size_t i = 0; i < read.size(); ++i)
    if (!same_bits(read[i], again[i]))
      nnstatic::fuzz::finding("to_csv then from_csv changes epoch row " + std::to_string(i + 1), written);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nnstatic::fuzz::input_file file("history_csv", ".csv");
  const auto& path = file.hold(std::span(data, size));
  nnstatic::history read;
  if (nnstatic::fuzz::expect_only_nnstatic_errors("read_csv", [&] { read = nnstatic::read_csv(path); }))
    expect_round_trip(read);
  return 0;
}
