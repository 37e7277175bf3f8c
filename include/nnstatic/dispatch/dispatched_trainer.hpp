#pragma once
/// `dispatched_trainer<Net, Loss, Optimizer, BatchCapacity>`: a trainer whose kernels are those of the best
/// instruction set of the CPU it runs on, whatever flags the program is compiled with.
///
/// It asks the CPU once, when it is made (or takes the instruction set it is given), and keeps that target's
/// entry points (dispatch/entry_points.hpp): each step is one call through a function pointer into an
/// `nnstatic::trainer` compiled for that target; nothing is chosen per layer or per element, and a step allocates
/// nothing. The targets are compiled by `nnstatic_add_instruction_sets` from a source that instantiates
/// `dispatch::compiled<dispatch::training<Net, Loss, Optimizer, BatchCapacity>>` (dispatch/compile.hpp).
///
/// A program compiled with -march=native, or for one named instruction set, needs none of this:
/// `nnstatic::trainer` runs the kernels of its flags.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/thread_pool.hpp>
#include <nnstatic/dispatch/entry_points.hpp>
#include <nnstatic/dispatch/instruction_set.hpp>
#include <nnstatic/train/trainer.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace nnstatic {

template <network Net, class Loss, class Optimizer, std::size_t BatchCapacity, class T = float>
class dispatched_trainer {
 public:
  using network = Net;
  using loss = Loss;
  using optimizer_type = Optimizer;
  using scalar = T;
  using description = dispatch::training<Net, Loss, Optimizer, BatchCapacity, T>;
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;

  /// A trainer on the best instruction set of this CPU, whose steps run on `threads` threads.
  explicit dispatched_trainer(Optimizer optimizer = {}, std::size_t threads = thread_pool::default_size())
      : dispatched_trainer(dispatch::best_instruction_set(), optimizer, threads) {}

  /// A trainer on the instruction set named: `nnstatic::error` if this CPU does not run it.
  explicit dispatched_trainer(dispatch::instruction_set set, Optimizer optimizer = {},
                              std::size_t threads = thread_pool::default_size())
      : entry_(&chosen(set)), trainer_(entry_->make(optimizer, threads)) {}

  dispatched_trainer(const dispatched_trainer&) = delete;
  dispatched_trainer& operator=(const dispatched_trainer&) = delete;
  dispatched_trainer(dispatched_trainer&& other) noexcept
      : entry_(other.entry_), trainer_(std::exchange(other.trainer_, nullptr)) {}
  dispatched_trainer& operator=(dispatched_trainer&& other) noexcept {
    std::swap(entry_, other.entry_);
    std::swap(trainer_, other.trainer_);
    return *this;
  }
  ~dispatched_trainer() {
    if (trainer_ != nullptr) entry_->destroy(trainer_);
  }

  /// The instruction set the kernels run, as `trainer::instruction_set()` names it ("fma3+avx2", "avx512bw").
  std::string_view instruction_set() const noexcept { return entry_->instruction_set; }

  /// The optimizer's settings, as the target's trainer uses them (a learning-rate schedule changes them).
  Optimizer& optimizer() noexcept { return entry_->optimizer(trainer_); }
  const Optimizer& optimizer() const noexcept { return entry_->optimizer(trainer_); }

  /// The number of threads a step runs on.
  std::size_t threads() const noexcept { return entry_->threads(trainer_); }

  /// As `trainer::step`: one step on 1 to BatchCapacity samples, `nnstatic::error` for any other batch.
  batch_result step(parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    return entry_->step(trainer_, params, x, targets, batch);
  }

  /// As `trainer::evaluate`: forward and loss in inference mode, no gradient, no update.
  batch_result evaluate(const parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    return entry_->evaluate(trainer_, params, x, targets, batch);
  }

  /// As `trainer::seed`: seeds the random choices (dropout masks).
  void seed(std::uint64_t noise_seed) noexcept { entry_->seed(trainer_, noise_seed); }

  /// The network outputs of the last forward pass: (batch, output_size), batch at most BatchCapacity.
  std::span<const T> outputs(std::size_t batch) const {
    if (batch > BatchCapacity)
      throw error("nnstatic: dispatched_trainer::outputs: a batch of " + std::to_string(batch) +
                  " samples; expected at most the trainer's batch capacity " + std::to_string(BatchCapacity));
    return {entry_->outputs(trainer_), batch * output_size};
  }

 private:
  static const typename description::entry_points& chosen(dispatch::instruction_set set) {
    dispatch::check_supported(set);
    return dispatch::entry_points<description>(set);
  }

  const typename description::entry_points* entry_;
  void* trainer_;
};

}  // namespace nnstatic
