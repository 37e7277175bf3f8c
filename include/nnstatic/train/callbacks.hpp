#pragma once
/// Callbacks for `fit`, Keras' EarlyStopping and ModelCheckpoint(save_best_only=True).
///
/// A callback is any object with some of these members, found at compile time (no virtual calls):
///     void on_train_begin(Model&);                            // may change the model (e.g. prune it)
///     void on_epoch_begin(std::size_t epoch, Trainer&);       // 0-based; may change the optimizer's settings
///     void on_batch_end(Model&);                              // after each optimizer step (e.g. pruning masks)
///     bool on_epoch_end(const epoch_record&, const Model&);   // true asks fit to stop after this epoch
///     void on_train_end(Model&);
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/history.hpp>

#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nnstatic {

/// Which figure a callback watches. Lower is better for the losses, higher for the accuracies.
enum class monitor { val_loss, val_accuracy, loss, accuracy };

namespace detail {

inline std::optional<double> monitored(const epoch_record& r, monitor m) noexcept {
  switch (m) {
    case monitor::val_loss: return r.val_loss;
    case monitor::val_accuracy: return r.val_accuracy;
    case monitor::loss: return r.loss;
    case monitor::accuracy: return r.accuracy;
  }
  return std::nullopt;
}

inline bool higher_is_better(monitor m) noexcept { return m == monitor::val_accuracy || m == monitor::accuracy; }

inline const char* monitor_name(monitor m) noexcept {
  switch (m) {
    case monitor::val_loss: return "val_loss";
    case monitor::val_accuracy: return "val_accuracy";
    case monitor::loss: return "loss";
    case monitor::accuracy: return "accuracy";
  }
  return "?";
}

/// Tracks the best value of a monitored figure; `improves` is Keras' test with `min_delta`.
struct best_tracker {
  monitor watched;
  double min_delta;
  std::optional<double> best{};

  double value_of(const epoch_record& r) const {
    const auto v = monitored(r, watched);
    if (!v)
      throw error(std::string("nnstatic: a callback monitors ") + monitor_name(watched) + " but epoch " +
                  std::to_string(r.epoch) + " has none (give fit a validation set or a validation_split)");
    return *v;
  }

  bool improves(double value) const noexcept {
    if (!best) return true;
    return higher_is_better(watched) ? value > *best + min_delta : value < *best - min_delta;
  }
};

}  // namespace detail

/// Stops training when the monitored figure (by default the validation loss) has not improved by more than
/// `min_delta` for `patience` epochs; with `restore_best_weights`, the model ends with the weights of its best epoch.
///
///     nnstatic::early_stopping stop({.patience = 3, .restore_best_weights = true});
///     nnstatic::fit(trainer, model, train, options, stop);
class early_stopping {
 public:
  struct settings {
    monitor watched = monitor::val_loss;
    std::size_t patience = 0;
    double min_delta = 0.0;
    bool restore_best_weights = false;
  };

  // Two constructors, not a default argument: a nested struct's member initializers are usable only once the
  // enclosing class is complete.
  early_stopping() : settings_() {}
  explicit early_stopping(settings s) : settings_(s) {}

  /// After training: the epoch (1-based) at which fit stopped early, if it did.
  std::optional<std::size_t> stopped_epoch{};
  /// The epoch with the best monitored value.
  std::optional<std::size_t> best_epoch{};

  template <class Model>
  void on_train_begin(const Model&) {
    tracker_ = {settings_.watched, settings_.min_delta, std::nullopt};
    waited_ = 0;
    stopped_epoch.reset();
    best_epoch.reset();
    best_weights_.clear();
  }

  template <class Model>
  bool on_epoch_end(const epoch_record& record, const Model& model) {
    const double value = tracker_.value_of(record);
    if (tracker_.improves(value)) {
      tracker_.best = value;
      best_epoch = record.epoch;
      waited_ = 0;
      if (settings_.restore_best_weights) best_weights_.assign(model.params().values.begin(), model.params().values.end());
      return false;
    }
    if (++waited_ > settings_.patience) {
      stopped_epoch = record.epoch;
      return true;
    }
    return false;
  }

  template <class Model>
  void on_train_end(Model& model) {
    if (settings_.restore_best_weights && !best_weights_.empty())
      std::copy(best_weights_.begin(), best_weights_.end(), model.params().values.begin());
  }

 private:
  settings settings_;
  detail::best_tracker tracker_{monitor::val_loss, 0.0};
  std::size_t waited_ = 0;
  std::vector<float> best_weights_;  // fit trains float models
};

/// Saves the model to `path` each time the monitored figure improves (Keras' ModelCheckpoint with
/// save_best_only=True). Saves are atomic, so the file always holds a whole model.
class save_best {
 public:
  explicit save_best(std::filesystem::path path, monitor watched = monitor::val_loss)
      : path_(std::move(path)), watched_(watched) {}

  std::optional<std::size_t> best_epoch{};

  template <class Model>
  void on_train_begin(const Model&) {
    tracker_ = {watched_, 0.0, std::nullopt};
    best_epoch.reset();
  }

  template <class Model>
  bool on_epoch_end(const epoch_record& record, const Model& model) {
    const double value = tracker_.value_of(record);
    if (tracker_.improves(value)) {
      tracker_.best = value;
      best_epoch = record.epoch;
      model.save(path_);
    }
    return false;
  }

 private:
  std::filesystem::path path_;
  monitor watched_;
  detail::best_tracker tracker_{monitor::val_loss, 0.0};
};

}  // namespace nnstatic
