#pragma once
/// Where one layer's weights live, for the embedded path: nowhere (`no_weights`), in one dense array in the
/// `parameters` layout with its non-trainable state beside it (`dense_weights`), or, for a pruned `dense` layer, as
/// its bias and the nonzeros of its kernel in compressed sparse rows (`sparse_weights`). An exported header holds
/// one of these per layer, in a tuple.
#include <nnstatic/layers/dense.hpp>

#include <cstddef>
#include <cstdint>

namespace nnstatic {

/// A layer without parameters (activations, pooling, flatten).
struct no_weights {};

/// A layer's parameters, kernel then bias, exactly as in `parameters<Net, T>`, and its non-trainable state (batch
/// normalization's moving statistics) as in `parameters<Net, T>::state`, null for a layer without state.
template <class T>
struct dense_weights {
  const T* values = nullptr;
  const T* state = nullptr;
};

/// A `dense` layer whose kernel [inputs][units] is mostly zeros: row i (input i) holds the entries
/// [row_start[i], row_start[i + 1]) of `columns` (the output unit) and `values`. Only nonzeros are stored.
template <class T, class Column = std::uint16_t>
struct sparse_weights {
  const T* bias = nullptr;                  ///< units values
  const std::uint32_t* row_start = nullptr;  ///< inputs + 1 offsets into columns and values
  const Column* columns = nullptr;          ///< the output unit of each nonzero
  const T* values = nullptr;                ///< the nonzeros, row by row
};

template <class Layer>
inline constexpr bool is_bound_dense = false;
template <std::size_t Units, class In>
inline constexpr bool is_bound_dense<bound_dense<Units, In>> = true;

/// `Layer::forward` for a dense layer whose kernel is given as `sparse_weights`. It adds the same products in the same
/// order as the dense forward, minus the ones whose weight is zero, so the outputs are the dense layer's outputs
/// (bit for bit, but for the sign of an exact zero).
// y[n][o] = b[o] + sum over stored (i, o) of x[n][i] W[i][o]
template <class Layer, class T, class Column>
constexpr void sparse_dense_forward(const sparse_weights<T, Column>& w, const T* x, T* y, std::size_t batch) noexcept {
  static_assert(is_bound_dense<Layer>, "nnstatic: sparse_weights hold the kernel of a dense layer only");
  constexpr std::size_t inputs = Layer::inputs, units = Layer::output_shape::size;
  for (std::size_t n = 0; n < batch; ++n) {
    const T* xn = x + n * inputs;
    T* yn = y + n * units;
    for (std::size_t o = 0; o < units; ++o) yn[o] = w.bias[o];
    for (std::size_t i = 0; i < inputs; ++i) {
      const T xi = xn[i];
      for (std::uint32_t k = w.row_start[i]; k < w.row_start[i + 1]; ++k) yn[w.columns[k]] += xi * w.values[k];
    }
  }
}

}  // namespace nnstatic
