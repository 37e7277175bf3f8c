#pragma once
/// `input<28, 28, 1>`: the shape of one sample, the first entry of every `sequential`.
#include <nnstatic/core/shape.hpp>

#include <cstddef>

namespace nnstatic {

/// Declares the shape of one input sample (height, width, channels for images; a single extent for vectors).
template <std::size_t... Dims>
struct input {
  static_assert(sizeof...(Dims) > 0, "nnstatic: input<> needs at least one dimension, e.g. input<28, 28, 1>");
  static_assert(((Dims > 0) && ...), "nnstatic: every dimension of an input must be at least 1");
  using output_shape = shape<Dims...>;
};

template <class T>
inline constexpr bool is_input = false;
template <std::size_t... Dims>
inline constexpr bool is_input<input<Dims...>> = true;

/// What a sequential checks of its input<...> (the static_asserts above fire only if input<...> is instantiated,
/// which binding never does); a variable template so that a failing check prints the dimensions.
template <class Input>
inline constexpr bool input_dimensions_are_positive = false;
template <std::size_t... Dims>
inline constexpr bool input_dimensions_are_positive<input<Dims...>> = sizeof...(Dims) > 0 && ((Dims > 0) && ...);

}  // namespace nnstatic
