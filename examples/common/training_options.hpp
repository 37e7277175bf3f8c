#pragma once
// The options the training examples share, declared in one place: names, meanings, limits.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

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
};

/// Declares --epochs, --batch-size (1 to `max_batch`, the batch capacity the example's trainer is compiled with),
/// --data-dir (meaning `data_dir`), --seed, --out, --validation-split and --limit, each defaulting to its value
/// in `options`.
inline void add_training_options(command_line& cli, training_options& options, std::size_t max_batch,
                                 std::string data_dir, path_kind data_dir_kind = {}) {
  cli.add("--epochs", options.epochs, "epochs to train", {.min = 1});
  cli.add("--batch-size", options.batch_size, "samples per training step", {.min = 1, .max = max_batch});
  cli.add("--data-dir", options.data_dir, std::move(data_dir), data_dir_kind);
  cli.add("--seed", options.seed, "seed of the initialization and of the shuffling");
  cli.add("--out", options.out, "folder for the model, history.csv, history.json and history.svg");
  cli.add("--validation-split", options.validation_split,
          "fraction of the training data held out for validation, with early stopping on its loss",
          {.min = 0.0, .max = 1.0, .max_included = false});
  cli.add("--limit", options.limit, "train on the first N training images only; 0: all of them");
}

}  // namespace examples
