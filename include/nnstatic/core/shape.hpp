#pragma once
/// Tensor shapes as types: `shape<26, 26, 32>` is a height x width x channels feature map (NHWC without the N).
#include <nnstatic/core/text.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace nnstatic {

/// The dimensions of one sample; the batch dimension is never part of a shape.
template <std::size_t... Dims>
struct shape {
  static constexpr std::size_t rank = sizeof...(Dims);
  static constexpr std::size_t size = (Dims * ... * std::size_t{1});
  static constexpr std::array<std::size_t, rank> dims{Dims...};

  /// Writes the Keras-style "(None, 26, 26, 32)".
  static constexpr void write(text& out) {
    out.append("(None");
    ((out.append(", "), out.append(Dims)), ...);
    out.append(")");
  }
};

template <class T>
struct is_shape : std::false_type {};
template <std::size_t... Dims>
struct is_shape<shape<Dims...>> : std::true_type {};

/// Satisfied by `shape<...>`.
template <class T>
concept shape_type = is_shape<T>::value;

/// Satisfied by a rank-3 shape read as height x width x channels.
template <class T>
concept image_shape = shape_type<T> && T::rank == 3;

/// Satisfied by a rank-1 shape, what `dense` takes.
template <class T>
concept flat_shape = shape_type<T> && T::rank == 1;

/// Extent `I` of `S`, or 1 past its rank; lets a layer compute its geometry without a cascade of errors when a
/// static_assert has already said that the input has the wrong rank.
template <shape_type S, std::size_t I>
inline constexpr std::size_t extent = I < S::rank ? S::dims[I] : 1;

/// The innermost (channel or feature) extent, along which softmax normalizes.
template <shape_type S>
inline constexpr std::size_t last_extent = S::rank == 0 ? 1 : S::dims[S::rank - 1];

/// How many vectors along the last axis a sample of `S` holds: the positions that softmax normalizes, and
/// categorical cross-entropy scores, one by one (height x width for a feature map, 1 for a vector).
template <shape_type S>
inline constexpr std::size_t position_count = last_extent<S> == 0 ? 0 : S::size / last_extent<S>;

/// True for a shape that is one vector along its last axis, such as a classifier's scores for one sample.
template <shape_type S>
inline constexpr bool single_position = position_count<S> == 1;

}  // namespace nnstatic
