#pragma once
/// `dense<Units>`: a fully connected layer, y = x W + b.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

template <std::size_t Units, class In>
struct bound_dense;

/// dense's requirements on its input, of the layer's position, the layer and the shape, so that a failing one
/// prints all three (core/diagnostics.hpp).
template <class At, class Layer, class InputShape>
inline constexpr bool input_is_flat = InputShape::rank == 1;

template <class At, class Layer, class InputShape>
inline constexpr bool layer_has_outputs = Layer::units > 0;

/// A fully connected layer of `Units` outputs, with bias. Its input must be flat: put `flatten` after images.
/// Parameters, in Keras' order and layout: kernel [inputs][Units], then bias [Units].
template <std::size_t Units>
struct dense {
  static constexpr std::string_view name = "dense";
  static constexpr std::string_view type_name = "Dense";
  static constexpr std::string_view header = "nnstatic/layers/dense.hpp";
  static constexpr std::size_t units = Units;
  static constexpr void write_signature(text& out) { out.append("dense<").append(Units).append(">"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::dense<").append(Units).append(">"); }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!input_is_flat<At, dense, In>) {
      static_assert(input_is_flat<At, dense, In>,
                    "nnstatic: dense needs a flat (1-D) input; put nnstatic::flatten between the image layers and "
                    "dense (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!layer_has_outputs<At, dense, In>) {
      static_assert(layer_has_outputs<At, dense, In>,
                    "nnstatic: a dense layer needs at least one unit "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = bound_dense<Units, In>;
};

template <std::size_t Units, class In>
struct bound_dense {
  using spec = dense<Units>;
  using input_shape = In;
  using output_shape = shape<Units>;

  static constexpr std::size_t inputs = In::size;
  static constexpr std::size_t kernel_size = inputs * Units;
  static constexpr std::size_t bias_size = Units;
  static constexpr std::size_t param_count = kernel_size + bias_size;
  static constexpr std::size_t fan_in = inputs;
  static constexpr std::size_t fan_out = Units;

  // y[n][o] = b[o] + sum_i x[n][i] W[i][o]      x: (batch, inputs)  W: (inputs, Units)  y: (batch, Units)
  template <class T>
  static constexpr void forward(const T* params, const T* x, T* y, std::size_t batch) noexcept {
    const T* kernel = params;
    const T* bias = params + kernel_size;
    for (std::size_t n = 0; n < batch; ++n) {
      const T* xn = x + n * inputs;
      T* yn = y + n * Units;
      for (std::size_t o = 0; o < Units; ++o) yn[o] = bias[o];
      for (std::size_t i = 0; i < inputs; ++i) {
        const T xi = xn[i];
        const T* row = kernel + i * Units;
        for (std::size_t o = 0; o < Units; ++o) yn[o] += xi * row[o];
      }
    }
  }

  // dW[i][o] += sum_n x[n][i] dy[n][o];  db[o] += sum_n dy[n][o];  dx[n][i] = sum_o W[i][o] dy[n][o]
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* params, T* param_grad, const T* x, const T* /*y*/, const T* dy, T* dx,
                                 std::size_t batch) noexcept {
    T* kernel_grad = param_grad;
    T* bias_grad = param_grad + kernel_size;
    for (std::size_t n = 0; n < batch; ++n) {
      const T* xn = x + n * inputs;
      const T* dyn = dy + n * Units;
      for (std::size_t o = 0; o < Units; ++o) bias_grad[o] += dyn[o];
      for (std::size_t i = 0; i < inputs; ++i) {
        const T xi = xn[i];
        T* row = kernel_grad + i * Units;
        for (std::size_t o = 0; o < Units; ++o) row[o] += xi * dyn[o];
      }
      if constexpr (PropagateInput) {
        T* dxn = dx + n * inputs;
        for (std::size_t i = 0; i < inputs; ++i) {
          const T* row = params + i * Units;
          T sum{};
          for (std::size_t o = 0; o < Units; ++o) sum += row[o] * dyn[o];
          dxn[i] = sum;
        }
      }
    }
  }
};

}  // namespace nnstatic
