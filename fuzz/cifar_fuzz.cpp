// libFuzzer target: a CIFAR-10 batch file as it lies on disk, plain or gzip-compressed. An accepted file must
// hold exactly the records returned (strict_contents.hpp); read after another batch file, it must give the same
// records after that file's, or be refused the same way.
#include <nnstatic/data/cifar.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "harness.hpp"
#include "strict_contents.hpp"

namespace {

namespace fuzz = nnstatic::fuzz;
using nnstatic::data::dataset;
constexpr std::size_t record_size = nnstatic::data::detail::cifar10_record;
constexpr std::size_t plane = nnstatic::data::detail::cifar10_plane;

// The records of a batch file, planes (c, y, x), as the data set holds them, interleaved (y, x, c).
bool holds_records(const dataset& loaded, std::span<const std::uint8_t> records) {
  if (records.size() != loaded.labels.size() * record_size || loaded.images.size() != loaded.labels.size() * 3 * plane)
    return false;
  for (std::size_t r = 0; r < loaded.labels.size(); ++r) {
    const std::uint8_t* record = records.data() + r * record_size;
    if (loaded.labels[r] != record[0]) return false;
    for (std::size_t p = 0; p < plane; ++p)
      for (std::size_t c = 0; c < 3; ++c)
        if (loaded.images[(r * plane + p) * 3 + c] != static_cast<float>(record[1 + c * plane + p])) return false;
  }
  return true;
}

// A valid batch of one record (label 3, every pixel 7), for the fuzzed file to follow.
struct first_batch {
  std::array<std::uint8_t, record_size> record{};
  fuzz::input_file file{"cifar", "-first"};
  first_batch() {
    record.fill(7);
    record[0] = 3;
    file.hold(record);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::input_file file("cifar");
  static const first_batch first;
  const std::span input(data, size);
  const std::filesystem::path& path = file.hold(input);

  dataset alone;
  const bool accepted = fuzz::expect_only_nnstatic_errors(
      "load_cifar10", [&] { alone = nnstatic::data::load_cifar10(std::span(&path, 1)); });
  std::vector<std::uint8_t> records;
  if (accepted) {
    const auto contents = fuzz::strict_contents(input);
    if (!contents)
      fuzz::finding("load_cifar10 accepted a gzip file that is damaged, cut short or followed by other bytes", "");
    if (!holds_records(alone, *contents))
      fuzz::finding("load_cifar10 returned records that are not those of the file",
                    std::to_string(contents->size()) + " bytes in the file, " + std::to_string(alone.labels.size()) +
                        " records returned");
    records.assign(first.record.begin(), first.record.end());
    records.insert(records.end(), contents->begin(), contents->end());
  }

  const std::array<std::filesystem::path, 2> both = {first.file.path(), path};
  dataset after;
  const bool accepted_after = fuzz::expect_only_nnstatic_errors("load_cifar10 (second of two files)",
                                                                [&] { after = nnstatic::data::load_cifar10(both); });
  if (accepted_after != accepted)
    fuzz::finding("load_cifar10 judges a batch file differently when it follows another one",
                  accepted ? "accepted alone, refused second" : "refused alone, accepted second");
  if (accepted && !holds_records(after, records))
    fuzz::finding("load_cifar10 returned other records for a batch file that follows another one", "");
  return 0;
}
