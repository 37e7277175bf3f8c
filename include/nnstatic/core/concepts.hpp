#pragma once
/// The concepts that name each kind of thing in nnstatic. Each is small, so that when one is not satisfied the
/// compiler's note names the one member that is missing.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>

namespace nnstatic {

/// What a user writes in a `sequential<...>`: a small struct of template parameters with a name, its signature
/// (for model files), its C++ spelling (for exported headers) and a `bind<InputShape>` alias that turns it into a
/// bound layer.
template <class S>
concept layer_spec = requires(text& out) {
  { S::name } -> std::convertible_to<std::string_view>;
  S::write_signature(out);
  S::write_type(out);
};

/// A layer whose input shape is known: its shapes and parameter count are constants of the type.
template <class L>
concept bound_layer = requires {
  typename L::spec;
  typename L::input_shape;
  typename L::output_shape;
  { L::param_count } -> std::convertible_to<std::size_t>;
} && shape_type<typename L::input_shape> && shape_type<typename L::output_shape>;

/// A bound layer that runs forward on a batch of `batch` samples, contiguous in `x` and `y`, in either of the
/// protocol's forms (core/layer_protocol.hpp).
template <class L>
concept forward_layer =
    bound_layer<L> && (requires(const float* params, const float* x, float* y, std::size_t batch) {
      L::forward(params, x, y, batch);
    } || full_forward_layer<L, float>);

/// A forward layer that also runs backward: given its input `x`, its output `y` and the gradient `dy` of the loss
/// with respect to `y`, it adds its parameters' gradient into `param_grad` and, when asked at compile time,
/// writes the gradient with respect to `x` into `dx`.
template <class L>
concept trainable_layer =
    forward_layer<L> && (requires(const float* params, float* param_grad, const float* x, const float* y,
                                  const float* dy, float* dx, std::size_t batch) {
      L::template backward<true>(params, param_grad, x, y, dy, dx, batch);
      L::template backward<false>(params, param_grad, x, y, dy, dx, batch);
    } || full_backward_layer<L, float>);

}  // namespace nnstatic
