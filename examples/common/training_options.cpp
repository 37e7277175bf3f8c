#include "training_options.hpp"

#include <utility>

namespace examples {

void add_training_options(command_line& cli, training_options& options, std::size_t max_batch, std::string data_dir,
                          path_kind data_dir_kind) {
  cli.add("--epochs", options.epochs, "epochs to train", {.min = 1});
  cli.add("--batch-size", options.batch_size, "samples per training step", {.min = 1, .max = max_batch});
  cli.add("--data-dir", options.data_dir, std::move(data_dir), data_dir_kind);
  cli.add("--seed", options.seed, "seed of the initialization and of the shuffling");
  cli.add("--out", options.out, "folder for the model, history.csv, history.json and history.svg");
  cli.add("--validation-split", options.validation_split,
          "fraction of the training data held out for validation, with early stopping on its loss",
          {.min = 0.0, .max = 1.0, .max_included = false});
  cli.add("--validation-data", options.validation_data,
          "what fit validates on after every epoch when --validation-split is 0: none, or the test set, as Keras' "
          "validation_data does; the history and chart then show test accuracy per epoch, with no early stopping",
          {"none", "test"});
  cli.add("--schedule", options.schedule,
          "the learning rate over the epochs: constant, or cosine, decaying from the optimizer's rate to 1% of it",
          {"constant", "cosine"});
  cli.add("--limit", options.limit, "train on the first N training images only; 0: all of them");
  cli.add("--threads", options.threads, "threads a training step runs on; 0: one per core");
}

}  // namespace examples
