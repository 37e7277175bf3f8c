#pragma once
/// The bound form of an element-wise activation: `Function::value(x)` forward and, backward,
/// `Function::derivative(y)` expressed through the output y, which is what the training arena keeps.
#include <nnstatic/core/shape.hpp>

#include <cstddef>

namespace nnstatic::detail {

template <class Function, class In>
struct bound_elementwise {
  using spec = Function;
  using input_shape = In;
  using output_shape = In;
  static constexpr std::size_t param_count = 0;
  /// Each output reads only the input at its own index, so forward may be given y == x.
  static constexpr bool runs_in_place = true;
  static constexpr bool backward_reads_input = false;

  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t i = 0; i < batch * In::size; ++i) y[i] = Function::value(x[i]);
  }

  // dx = dy * f'(x), with f'(x) written as a function of y = f(x)
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* /*x*/, const T* y, const T* dy,
                                 T* dx, std::size_t batch) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t i = 0; i < batch * In::size; ++i) dx[i] = dy[i] * Function::derivative(y[i]);
  }
};

}  // namespace nnstatic::detail
