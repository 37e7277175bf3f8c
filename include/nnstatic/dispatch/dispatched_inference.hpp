#pragma once
/// `dispatched_inference<Net, BatchCapacity>`: `infer` on the best instruction set of the CPU it runs on, whatever
/// flags the program is compiled with.
///
/// Made once: it asks the CPU (or takes the instruction set it is given), keeps that target's entry points
/// (dispatch/entry_points.hpp) and has the target make its workspace. Each call is then one call through a
/// function pointer into `nnstatic::infer` compiled for that target: no allocation, no exception, no choice per
/// layer. The targets are compiled by `nnstatic_add_instruction_sets` from a source that instantiates
/// `dispatch::compiled<dispatch::inference<Net, BatchCapacity>>` (dispatch/compile.hpp).
///
///     nnstatic::dispatched_inference<net> classify_one;   // batch 1
///     classify_one(params, image, probabilities);           // inference_status::ok
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/dispatch/entry_points.hpp>
#include <nnstatic/dispatch/instruction_set.hpp>

#include <cstddef>
#include <string_view>
#include <utility>

namespace nnstatic {

template <network Net, std::size_t BatchCapacity = 1, class T = float>
class dispatched_inference {
 public:
  using network = Net;
  using description = dispatch::inference<Net, BatchCapacity, T>;
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;

  /// Inference on the best instruction set of this CPU.
  dispatched_inference() : dispatched_inference(dispatch::best_instruction_set()) {}

  /// Inference on the instruction set named: `nnstatic::error` if this CPU does not run it.
  explicit dispatched_inference(dispatch::instruction_set set)
      : entry_(&chosen(set)), workspace_(entry_->make_workspace()) {}

  dispatched_inference(const dispatched_inference&) = delete;
  dispatched_inference& operator=(const dispatched_inference&) = delete;
  dispatched_inference(dispatched_inference&& other) noexcept
      : entry_(other.entry_), workspace_(std::exchange(other.workspace_, nullptr)) {}
  dispatched_inference& operator=(dispatched_inference&& other) noexcept {
    std::swap(entry_, other.entry_);
    std::swap(workspace_, other.workspace_);
    return *this;
  }
  ~dispatched_inference() {
    if (workspace_ != nullptr) entry_->destroy_workspace(workspace_);
  }

  /// The instruction set the kernels run ("fma3+avx2", "avx512bw", "sse2").
  std::string_view instruction_set() const noexcept { return entry_->instruction_set; }

  /// As `infer(params, x, y, batch, workspace)`: x (batch, input_size) in, y (batch, output_size) out;
  /// `empty_batch` or `batch_too_large` unless 1 <= batch <= BatchCapacity. Not to be called from two threads at once
  /// (the workspace is one); make one per thread.
  inference_status operator()(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch = 1) noexcept {
    return entry_->infer(params, x, y, batch, workspace_);
  }

 private:
  static const typename description::entry_points& chosen(dispatch::instruction_set set) {
    dispatch::check_supported(set);
    return dispatch::entry_points<description>(set);
  }

  const typename description::entry_points* entry_;
  void* workspace_;
};

}  // namespace nnstatic
