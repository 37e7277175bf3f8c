#pragma once
/// Gradual magnitude pruning while training, on the schedule of TensorFlow Model Optimization's `PolynomialDecay`
/// (Zhu and Gupta, "To prune, or not to prune", 2017): the sparsity rises from `initial_sparsity` at `begin_step`
/// to `final_sparsity` at `end_step` along
///
///     s(t) = final + (initial - final) * (1 - (t - begin_step) / (end_step - begin_step))^power
///
/// steep at first, while the network has redundant weights to lose, and flat at the end, so that the last weights
/// go slowly and training recovers from each cut. Every `frequency` steps the mask is recomputed by magnitude
/// (weights already pruned stay pruned: they are zero, the smallest there are); after every step it is applied again.
///
///     nnstatic::prune_gradually<net> pruning({.final_sparsity = 0.9, .end_step = 1500});
///     nnstatic::fit(trainer, model, train, {.epochs = 2}, pruning);
///     // pruning.mask() is what was removed; the model's pruned weights are zero
///
/// One-shot pruning to 90% followed by fine-tuning loses far more accuracy on the reference network than reaching
/// 90% this way (docs/embedded.md).
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/prune/magnitude.hpp>

#include <cmath>
#include <cstddef>
#include <string>

namespace nnstatic {

/// When and how far to prune; steps count optimizer steps from the start of `fit`.
struct pruning_schedule {
  double initial_sparsity = 0.0;
  double final_sparsity = 0.5;
  std::size_t begin_step = 0;
  std::size_t end_step = 1000;
  std::size_t frequency = 100;  ///< steps between two updates of the mask
  double power = 3.0;

  /// The sparsity the schedule asks for after `step` optimizer steps.
  double sparsity_at(std::size_t step) const noexcept {
    if (step <= begin_step) return initial_sparsity;
    if (step >= end_step) return final_sparsity;
    const double done = static_cast<double>(step - begin_step) / static_cast<double>(end_step - begin_step);
    return final_sparsity + (initial_sparsity - final_sparsity) * std::pow(1.0 - done, power);
  }
};

/// A `fit` callback that prunes by magnitude on a `pruning_schedule` and keeps pruned weights at zero.
template <network Net>
class prune_gradually {
 public:
  explicit prune_gradually(pruning_schedule schedule) : schedule_(schedule) {
    const auto in_range = [](double s) { return s >= 0.0 && s <= 1.0; };
    if (!in_range(schedule.initial_sparsity) || !in_range(schedule.final_sparsity) ||
        schedule.initial_sparsity > schedule.final_sparsity)
      throw error("nnstatic: prune_gradually: expected 0 <= initial_sparsity <= final_sparsity <= 1, found " +
                  std::to_string(schedule.initial_sparsity) + " and " + std::to_string(schedule.final_sparsity));
    if (schedule.end_step <= schedule.begin_step || schedule.frequency == 0)
      throw error("nnstatic: prune_gradually: expected begin_step < end_step and a frequency of at least 1, found " +
                  std::to_string(schedule.begin_step) + ", " + std::to_string(schedule.end_step) + " and " +
                  std::to_string(schedule.frequency));
  }

  template <class Model>
  void on_train_begin(Model& model) {
    if (step_ == 0 && schedule_.begin_step == 0) prune(model, schedule_.initial_sparsity);
  }

  template <class Model>
  void on_batch_end(Model& model) {
    ++step_;
    const bool due = step_ >= schedule_.begin_step && step_ <= schedule_.end_step &&
                     ((step_ - schedule_.begin_step) % schedule_.frequency == 0 || step_ == schedule_.end_step);
    if (due)
      prune(model, schedule_.sparsity_at(step_));
    else
      mask_.apply(model.params());
  }

  /// The weights pruned so far.
  const pruning_mask<Net>& mask() const noexcept { return mask_; }
  /// Optimizer steps seen so far, over every `fit` this callback was given to.
  std::size_t step() const noexcept { return step_; }

 private:
  template <class Model>
  void prune(Model& model, double sparsity) {
    mask_.apply(model.params());  // so that what is pruned stays pruned: zeros are the smallest magnitudes
    mask_ = prune_by_magnitude(model.params(), sparsity);
  }

  pruning_schedule schedule_;
  pruning_mask<Net> mask_;
  std::size_t step_ = 0;
};

}  // namespace nnstatic
