#pragma once
/// What `fit` reports about a run: one record per epoch, in the order the epochs ran.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace nnstatic {

/// The figures of one finished epoch. `loss` and `accuracy` are the means over the epoch's training batches;
/// the validation figures are present only when the epoch was validated.
///
///     epoch_record{.epoch = 3, .loss = 0.2713, .accuracy = 0.9012, .val_loss = 0.3011, .val_accuracy = 0.8890,
///                  .seconds = 12.3, .images_per_second = 4870.0}
struct epoch_record {
  std::size_t epoch = 0;  ///< 1-based, as printed ("Epoch 3/10").
  double loss = 0.0;
  double accuracy = 0.0;
  std::optional<double> val_loss{};
  std::optional<double> val_accuracy{};
  double seconds = 0.0;            ///< Wall-clock time of the epoch, validation included.
  double images_per_second = 0.0;  ///< Training images over training time.

  friend bool operator==(const epoch_record&, const epoch_record&) = default;
};

/// The records of a training run, oldest first.
struct history {
  std::vector<epoch_record> epochs;

  bool empty() const noexcept { return epochs.empty(); }
  std::size_t size() const noexcept { return epochs.size(); }
  const epoch_record& operator[](std::size_t index) const noexcept { return epochs[index]; }
  auto begin() const noexcept { return epochs.begin(); }
  auto end() const noexcept { return epochs.end(); }

  /// True when at least one epoch carries a validation figure.
  bool has_validation() const noexcept {
    for (const epoch_record& record : epochs)
      if (record.val_loss || record.val_accuracy) return true;
    return false;
  }

  /// Index into `epochs` of the lowest validation loss (the first one on a tie); empty when no epoch has a
  /// finite validation loss.
  std::optional<std::size_t> best_epoch_by_val_loss() const noexcept {
    return best_index(&epoch_record::val_loss, [](double candidate, double best) { return candidate < best; });
  }

  /// Index into `epochs` of the highest validation accuracy (the first one on a tie); empty when no epoch has a
  /// finite validation accuracy.
  std::optional<std::size_t> best_epoch_by_val_accuracy() const noexcept {
    return best_index(&epoch_record::val_accuracy, [](double candidate, double best) { return candidate > best; });
  }

  friend bool operator==(const history&, const history&) = default;

 private:
  template <class Better>
  std::optional<std::size_t> best_index(std::optional<double> epoch_record::*figure, Better better) const noexcept {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < epochs.size(); ++i) {
      const std::optional<double>& value = epochs[i].*figure;
      // A diverged epoch (NaN or infinite) is never the best one.
      if (!value || !std::isfinite(*value)) continue;
      if (!best || better(*value, *(epochs[*best].*figure))) best = i;
    }
    return best;
  }
};

}  // namespace nnstatic
