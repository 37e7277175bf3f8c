#pragma once
// The options the training examples share, declared in one place: names, meanings, limits. add_training_options is
// defined in training_options.cpp, compiled once into nnstatic_examples_common rather than into every example.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "command_line.hpp"

namespace examples {

struct training_options {
  std::size_t epochs = 10;
  std::size_t batch_size = 64;
  std::filesystem::path data_dir{};
  std::uint64_t seed = 1;
  std::filesystem::path out = "out";
  double validation_split = 0.0;
  std::size_t limit = 0;  // 0: all training images
  std::size_t threads = 0;  // 0: one per core
  std::string validation_data = "none";  // or "test": validate on the test set after every epoch
  std::string schedule = "constant";     // or "cosine": the learning rate decays over the epochs
};

/// Declares --epochs, --batch-size (1 to `max_batch`, the batch capacity the example's trainer is compiled with),
/// --data-dir (meaning `data_dir`), --seed, --out, --validation-split, --validation-data, --schedule, --limit and
/// --threads, each defaulting to its value in `options`.
void add_training_options(command_line& cli, training_options& options, std::size_t max_batch, std::string data_dir,
                          path_kind data_dir_kind = {});

}  // namespace examples
