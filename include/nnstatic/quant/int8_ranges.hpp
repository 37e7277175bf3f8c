#pragma once
/// The value ranges of int8 inference, and from them the deepest layer whose int32 accumulator cannot overflow.
///
/// Activations and weights are symmetric int8, |x| <= 127 and |w| <= 127: quantization and requantization clamp
/// at -127 (or at 0, after a fused ReLU), and pooling, ReLU and zero padding keep that range, so -128 never occurs.
/// Biases are int32 with |b| <= int8_bias_limit (quantize clamps them there). An accumulator over a depth of d
/// (a dense layer's inputs, a convolution's kernel height x width x input channels) then stays within
/// int8_bias_limit + d 127^2, and so does every partial sum on the way, whatever the order of the terms.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>

namespace nnstatic {

/// The largest |value| of an int8 activation or weight.
inline constexpr std::int32_t int8_value_limit = 127;

/// The largest |bias| of an int8 layer, at the accumulator's scale: half of int32, leaving the other half to the
/// products.
inline constexpr std::int32_t int8_bias_limit = std::numeric_limits<std::int32_t>::max() / 2;

/// The deepest int8 layer (66,572): its largest accumulator, int8_bias_limit + depth 127^2, still fits int32.
inline constexpr std::size_t int8_max_depth =
    static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max() - int8_bias_limit) /
    static_cast<std::size_t>(int8_value_limit * int8_value_limit);

/// Whether a layer `Spec` of reduction depth `Depth` accumulates within int32; a named template, so that a failing
/// check prints the layer, its depth and the limit.
template <class Spec, std::size_t Depth, std::size_t Limit>
inline constexpr bool int8_depth_fits_int32 = Depth <= Limit;

/// Refuses a layer too deep for int8 when instantiated. A class of its own, with the depth a template argument:
/// clang then prints the depth and the limit as numbers (not as the names of constants), and the one error does
/// not make the types built from the layer invalid, which would bring a second error with it.
template <class Spec, std::size_t Depth, std::size_t Limit = int8_max_depth>
struct int8_depth_check {
  static_assert(int8_depth_fits_int32<Spec, Depth, Limit>,
                "nnstatic: an int8 layer's depth (dense: its inputs; conv2d: kernel height x width x input channels) "
                "must be at most int8_max_depth, or its int32 accumulator could overflow");
  static constexpr bool passed = true;
};

}  // namespace nnstatic
