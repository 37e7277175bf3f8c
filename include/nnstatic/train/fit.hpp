#pragma once
/// `fit`, `evaluate` and `predict_classes`: Keras' training workflow over a `data::dataset`.
///
///     nnstatic::model<net> model(seed);
///     nnstatic::trainer<net, nnstatic::categorical_crossentropy, nnstatic::adam, 64> trainer;
///     auto history = nnstatic::fit(trainer, model, train, {.epochs = 10, .batch_size = 32, .validation_split = 0.1});
///     auto result = nnstatic::evaluate(trainer, model, test);
///
/// The trainer is what Keras' `compile` makes: the loss and the optimizer, with memory planned at compile time
/// for batches of up to its capacity. `fit` trains in batches of `batch_size`, any size up to that capacity.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/history.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/data/batches.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/data/split.hpp>
#include <nnstatic/loss/detail/argmax.hpp>
#include <nnstatic/train/build_notice.hpp>
#include <nnstatic/train/callbacks.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/progress.hpp>
#include <nnstatic/train/trainer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace nnstatic {

/// The settings of `fit`, named as in Keras.
struct fit_options {
  std::size_t epochs = 1;
  /// Samples per training step, at most the trainer's capacity; 0 means the capacity.
  std::size_t batch_size = 0;
  /// Fraction of the training data (its last samples, before shuffling) held out for validation; ignored when
  /// `fit` is given a validation set.
  double validation_split = 0.0;
  /// Seeds the shuffling of every epoch.
  std::uint64_t seed = 0;
  bool shuffle = true;
  /// How progress is shown; by default a bar on a terminal and one line per epoch otherwise.
  std::optional<progress_mode> display{};
  std::ostream* out = &std::cout;
};

/// Loss, accuracy and confusion matrix of a model on a data set.
struct evaluation {
  double loss = 0;
  double accuracy = 0;
  std::size_t samples = 0;
  std::size_t classes = 0;
  /// confusion[truth * classes + predicted]: how many samples of class `truth` were predicted as `predicted`.
  std::vector<std::size_t> confusion;

  std::size_t confused(std::size_t truth, std::size_t predicted) const { return confusion.at(truth * classes + predicted); }
};

namespace detail {

template <class Trainer>
void check_data_fits(const data::dataset& data, const char* what) {
  using Net = typename Trainer::network;
  static_assert(single_position<typename Net::output_shape>,
                "nnstatic: fit and evaluate read data sets of one label per sample, so the network's output must be "
                "one vector of class scores, not one per position of a feature map (train such a network with "
                "trainer::step)");
  if (data.image_size() != Trainer::input_size)
    throw data_error(std::string("nnstatic: the ") + what + " data has samples of " + std::to_string(data.height) +
                     " x " + std::to_string(data.width) + " x " + std::to_string(data.channels) + " = " +
                     std::to_string(data.image_size()) + " values, but the network '" + std::string(Net::signature) +
                     "' takes " + std::to_string(Trainer::input_size));
  if (data.classes != Trainer::output_size)
    throw data_error(std::string("nnstatic: the ") + what + " data has " + std::to_string(data.classes) +
                     " classes, but the network '" + std::string(Net::signature) + "' has " +
                     std::to_string(Trainer::output_size) + " outputs");
  if (data.size() == 0) throw data_error(std::string("nnstatic: the ") + what + " data is empty");
}

/// Runs `data` through the model in batches of the trainer's capacity, calling `on_batch(result, indices)`.
template <class Trainer, class Model, class OnBatch>
void for_each_batch(Trainer& trainer, const Model& model, const data::dataset& data, OnBatch&& on_batch) {
  constexpr std::size_t capacity = Trainer::batch_capacity;
  std::vector<float> x(capacity * Trainer::input_size), y(capacity * Trainer::output_size);
  std::vector<std::size_t> indices(capacity);
  for (std::size_t first = 0; first < data.size(); first += capacity) {
    const std::size_t count = std::min(capacity, data.size() - first);
    for (std::size_t k = 0; k < count; ++k) indices[k] = first + k;
    const std::span<const std::size_t> batch(indices.data(), count);
    data::fill_batch(data, batch, x, y);
    on_batch(trainer.evaluate(model.params(), x.data(), y.data(), count), batch);
  }
}

template <class Callback, class Model>
void callback_begin(Callback& callback, Model& model) {
  if constexpr (requires { callback.on_train_begin(model); }) callback.on_train_begin(model);
}
template <class Callback, class Trainer>
void callback_epoch_begin(Callback& callback, std::size_t epoch, Trainer& trainer) {
  if constexpr (requires { callback.on_epoch_begin(epoch, trainer); }) callback.on_epoch_begin(epoch, trainer);
}
template <class Callback, class Model>
inline constexpr bool has_batch_end = requires(Callback& callback, Model& model) { callback.on_batch_end(model); };
template <class Callback, class Model>
void callback_batch_end(Callback& callback, Model& model) {
  if constexpr (requires { callback.on_batch_end(model); }) callback.on_batch_end(model);
}
template <class Callback, class Model>
bool callback_epoch_end(Callback& callback, const epoch_record& record, const Model& model) {
  if constexpr (requires { callback.on_epoch_end(record, model); }) return callback.on_epoch_end(record, model);
  else return false;
}
template <class Callback, class Model>
void callback_end(Callback& callback, Model& model) {
  if constexpr (requires { callback.on_train_end(model); }) callback.on_train_end(model);
}

}  // namespace detail

/// Loss and accuracy of `model` on `data` (Keras' `evaluate`), plus the confusion matrix.
template <class Trainer>
evaluation evaluate(Trainer& trainer, const model<typename Trainer::network, float>& model, const data::dataset& data) {
  detail::check_data_fits<Trainer>(data, "evaluation");
  constexpr std::size_t classes = Trainer::output_size;
  evaluation result{0, 0, data.size(), classes, std::vector<std::size_t>(classes * classes)};
  double loss_sum = 0, correct_sum = 0;
  detail::for_each_batch(trainer, model, data, [&](const batch_result& batch, std::span<const std::size_t> indices) {
    loss_sum += batch.loss_sum;
    correct_sum += batch.correct_sum;
    const auto outputs = trainer.outputs(indices.size());
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const std::size_t predicted = detail::argmax<classes>(outputs.data() + k * classes);
      ++result.confusion[data.labels[indices[k]] * classes + predicted];
    }
  });
  result.loss = loss_sum / static_cast<double>(data.size());
  result.accuracy = correct_sum / static_cast<double>(data.size());
  return result;
}

namespace detail {

/// A batch hook that does nothing: what the epoch loop is given when no callback has on_batch_end.
struct no_batch_hook {
  void operator()() const noexcept {}
};

/// One epoch of `fit`: the steps over the shuffled training data, then validation. Instantiated once per trainer
/// and batch hook, not once per set of callbacks: callbacks that act only at epoch ends share it.
template <class Trainer, class BatchHook>
epoch_record train_epoch(Trainer& trainer, model<typename Trainer::network, float>& model, const data::dataset& train,
                         const data::dataset* validation, const fit_options& options, std::size_t epoch,
                         std::size_t batch_size, std::span<float> x, std::span<float> y, BatchHook&& on_batch_end) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::size_t> order = options.shuffle ? data::epoch_order(train.size(), options.seed, epoch)
                                                   : data::epoch_order(train.size(), 0, 0);
  if (!options.shuffle)
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;

  const std::size_t batches = data::batch_count(train.size(), batch_size);
  std::ostream& out = options.out != nullptr ? *options.out : std::cout;
  progress bar(out, epoch + 1, options.epochs, batches, options.display.value_or(detect_progress_mode(stdout)));
  double loss_sum = 0, correct_sum = 0;
  std::size_t seen = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    const auto indices = data::batch_slice(order, b, batch_size);
    data::fill_batch(train, indices, x, y);
    const batch_result step = trainer.step(model.params(), x.data(), y.data(), indices.size());
    on_batch_end();
    loss_sum += step.loss_sum;
    correct_sum += step.correct_sum;
    seen += indices.size();
    bar.update(b + 1, seen, loss_sum / static_cast<double>(seen), correct_sum / static_cast<double>(seen));
  }
  const double train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  epoch_record record;
  record.epoch = epoch + 1;
  record.loss = loss_sum / static_cast<double>(seen);
  record.accuracy = correct_sum / static_cast<double>(seen);
  if (validation != nullptr) {
    const evaluation checked = evaluate(trainer, model, *validation);
    record.val_loss = checked.loss;
    record.val_accuracy = checked.accuracy;
  }
  record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  record.images_per_second = static_cast<double>(seen) / train_seconds;
  bar.finish(record);
  return record;
}

}  // namespace detail

/// Trains `model` on `train`, validating on `validation` after every epoch (Keras' `fit` with
/// validation_data). Returns the history of every epoch; callbacks may stop training early.
template <class Trainer, class... Callbacks>
history fit(Trainer& trainer, model<typename Trainer::network, float>& model, const data::dataset& train,
            const data::dataset* validation, const fit_options& options, Callbacks&... callbacks) {
  constexpr std::size_t capacity = Trainer::batch_capacity;
  detail::check_data_fits<Trainer>(train, "training");
  if (validation != nullptr) detail::check_data_fits<Trainer>(*validation, "validation");
  if (options.epochs == 0) throw error("nnstatic: fit: expected at least one epoch, found 0");
  if (options.batch_size > capacity)
    throw error("nnstatic: fit: batch_size " + std::to_string(options.batch_size) +
                " is larger than the trainer's batch capacity " + std::to_string(capacity) +
                "; make the trainer with a capacity of at least " + std::to_string(options.batch_size));
  const std::size_t batch_size = options.batch_size != 0 ? options.batch_size : capacity;
  detail::notice_unoptimized_build(optimized_build, std::cerr);
  // Every buffer of the epoch loop is made here, once; the steps themselves allocate nothing.
  std::vector<float> x(batch_size * Trainer::input_size), y(batch_size * Trainer::output_size);

  constexpr bool batch_hooks = (detail::has_batch_end<Callbacks, std::remove_reference_t<decltype(model)>> || ...);
  history result;
  (detail::callback_begin(callbacks, model), ...);
  for (std::size_t epoch = 0; epoch < options.epochs; ++epoch) {
    (detail::callback_epoch_begin(callbacks, epoch, trainer), ...);
    const epoch_record record = [&] {
      if constexpr (batch_hooks)
        return detail::train_epoch(trainer, model, train, validation, options, epoch, batch_size, x, y,
                                   [&] { (detail::callback_batch_end(callbacks, model), ...); });
      else
        return detail::train_epoch(trainer, model, train, validation, options, epoch, batch_size, x, y,
                                   detail::no_batch_hook{});
    }();
    result.epochs.push_back(record);

    bool stop = false;
    ((stop = detail::callback_epoch_end(callbacks, record, model) || stop), ...);
    if (stop) break;
  }
  (detail::callback_end(callbacks, model), ...);
  return result;
}

/// `fit` with Keras' `validation_split`: the last `options.validation_split` of `train` (before shuffling) is held
/// out and used for validation; with 0, there is no validation.
template <class Trainer, class... Callbacks>
history fit(Trainer& trainer, model<typename Trainer::network, float>& model, const data::dataset& train,
            const fit_options& options, Callbacks&... callbacks) {
  if (options.validation_split == 0.0) return fit(trainer, model, train, nullptr, options, callbacks...);
  const auto parts = data::validation_split(train, options.validation_split);
  return fit(trainer, model, parts.train, &parts.validation, options, callbacks...);
}

/// `fit` with a separate validation set (Keras' `validation_data`).
template <class Trainer, class... Callbacks>
history fit(Trainer& trainer, model<typename Trainer::network, float>& model, const data::dataset& train,
            const data::dataset& validation, const fit_options& options, Callbacks&... callbacks) {
  return fit(trainer, model, train, &validation, options, callbacks...);
}

}  // namespace nnstatic
