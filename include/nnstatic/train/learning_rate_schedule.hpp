#pragma once
/// Changing the learning rate from epoch to epoch: Keras' LearningRateScheduler callback, and cosine decay as a
/// schedule for it.
///
///     nnstatic::learning_rate_scheduler schedule(nnstatic::cosine_decay{.initial_learning_rate = 1e-3,
///                                                                       .decay_epochs = 15, .alpha = 0.01});
///     nnstatic::fit(trainer, model, train, options, schedule);
///
/// The optimizer reads its `learning_rate` at every step (Adam's bias correction included), so a rate set before
/// an epoch holds for all of that epoch's steps; the moments the optimizer keeps are not touched.
#include <nnstatic/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <string>
#include <utility>

namespace nnstatic {

/// Cosine decay by epoch (Keras' CosineDecay, counted in epochs instead of steps): from `initial_learning_rate`
/// at epoch 0 down to `alpha * initial_learning_rate` at epoch `decay_epochs`, where it stays.
struct cosine_decay {
  double initial_learning_rate = 1e-3;
  std::size_t decay_epochs = 10;
  double alpha = 0.0;

  double operator()(std::size_t epoch, double /*current*/) const noexcept {
    if (decay_epochs == 0) return alpha * initial_learning_rate;
    const double done = static_cast<double>(std::min(epoch, decay_epochs)) / static_cast<double>(decay_epochs);
    const double cosine = 0.5 * (1.0 + std::cos(std::numbers::pi * done));
    return initial_learning_rate * ((1.0 - alpha) * cosine + alpha);
  }
};

/// Before each epoch, sets the optimizer's learning rate to `schedule(epoch, current_rate)` (epoch 0-based, as
/// Keras passes it). `schedule` is any callable; a rate that is negative or not finite stops `fit` with an error
/// naming the epoch.
template <class Schedule>
  requires std::invocable<const Schedule&, std::size_t, double>
class learning_rate_scheduler {
 public:
  explicit learning_rate_scheduler(Schedule schedule) : schedule_(std::move(schedule)) {}

  template <class Trainer>
    requires requires(Trainer& t) { { t.optimizer().learning_rate } -> std::convertible_to<double>; }
  void on_epoch_begin(std::size_t epoch, Trainer& trainer) {
    double& rate = trainer.optimizer().learning_rate;
    const double next = static_cast<double>(schedule_(epoch, rate));
    if (!std::isfinite(next) || next < 0)
      throw error("nnstatic: learning_rate_scheduler: the schedule gave " + std::to_string(next) +
                  " for epoch " + std::to_string(epoch) + "; a learning rate must be finite and not negative");
    rate = next;
    last_rate_ = next;
  }

  /// The rate set before the latest epoch (0 before fit starts).
  double last_learning_rate() const noexcept { return last_rate_; }

 private:
  Schedule schedule_;
  double last_rate_ = 0.0;
};

}  // namespace nnstatic
