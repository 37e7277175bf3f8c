#pragma once
/// `concatenate<Branches...>`: Keras' Concatenate(axis=-1) over branches that all read the block's input.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/detail/block.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace nnstatic {

namespace detail {

template <class First, class Other>
constexpr bool equal_but_last_axis() {
  if constexpr (First::rank != Other::rank || First::rank == 0) {
    return false;
  } else {
    for (std::size_t i = 0; i + 1 < First::rank; ++i)
      if (First::dims[i] != Other::dims[i]) return false;
    return true;
  }
}

template <class Shape, std::size_t Last>
struct with_last_extent;
template <std::size_t... Dims, std::size_t Last>
struct with_last_extent<shape<Dims...>, Last> {
  static constexpr std::array<std::size_t, sizeof...(Dims)> dims{Dims...};
  using type = decltype([]<std::size_t... I>(std::index_sequence<I...>) {
    return std::type_identity<shape<(I + 1 == sizeof...(Dims) ? Last : dims[I])...>>{};
  }(std::make_index_sequence<sizeof...(Dims)>{}))::type;
};

}  // namespace detail

/// concatenate's requirement on two branches, of the block's position, the block and the two
/// `branch_output<I, shape>`: the same rank and the same extents in every axis but the last.
template <class At, class Block, class First, class Other>
inline constexpr bool branches_differ_only_in_last_axis =
    detail::equal_but_last_axis<typename First::shape, typename Other::shape>();

namespace detail {

/// Lays the branches' outputs side by side along the last axis; each branch's output gradient is its slice of the
/// block's, gathered into a buffer.
struct concatenate_outputs {
  template <class... Shapes>
  using output_shape =
      typename with_last_extent<std::tuple_element_t<0, std::tuple<Shapes...>>, (0 + ... + last_extent<Shapes>)>::type;
  template <class... Shapes>
  static constexpr std::size_t branch_gradient_size = std::max({Shapes::size...});
  static constexpr bool first_branch_writes_output = false;

  template <class At, class Block, class First, class Other>
  static constexpr bool agree() {
    static_assert(branches_differ_only_in_last_axis<At, Block, First, Other>,
                  "nnstatic: concatenate joins its branches along the last axis, so every branch must give the same "
                  "extents in all the others; the two branch_output<branch, shape> name two that differ "
                  "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return branches_differ_only_in_last_axis<At, Block, First, Other>;
  }

  template <class... Shapes>
  static constexpr std::array<std::size_t, sizeof...(Shapes) + 1> channel_offsets = [] {
    const std::array<std::size_t, sizeof...(Shapes)> widths{last_extent<Shapes>...};
    std::array<std::size_t, sizeof...(Shapes) + 1> offsets{};
    for (std::size_t b = 0; b < widths.size(); ++b) offsets[b + 1] = offsets[b] + widths[b];
    return offsets;
  }();

  // y[n][p][offset_b + c] = branch_b(x)[n][p][c], for b = Branch
  template <std::size_t Branch, class... Shapes, class T>
  static constexpr void merge(const T* output, T* y, std::size_t batch) noexcept {
    constexpr auto offsets = channel_offsets<Shapes...>;
    constexpr std::size_t width = offsets[sizeof...(Shapes)];
    constexpr std::size_t branch_width = offsets[Branch + 1] - offsets[Branch];
    const std::size_t positions = batch * position_count<output_shape<Shapes...>>;
    for (std::size_t p = 0; p < positions; ++p)
      for (std::size_t c = 0; c < branch_width; ++c) y[p * width + offsets[Branch] + c] = output[p * branch_width + c];
  }

  template <std::size_t Branch, class... Shapes, class T>
  static constexpr const T* branch_gradient(const T* dy, T* buffer, std::size_t batch) noexcept {
    constexpr auto offsets = channel_offsets<Shapes...>;
    constexpr std::size_t width = offsets[sizeof...(Shapes)];
    constexpr std::size_t branch_width = offsets[Branch + 1] - offsets[Branch];
    const std::size_t positions = batch * position_count<output_shape<Shapes...>>;
    for (std::size_t p = 0; p < positions; ++p)
      for (std::size_t c = 0; c < branch_width; ++c) buffer[p * branch_width + c] = dy[p * width + offsets[Branch] + c];
    return buffer;
  }
};

}  // namespace detail

/// Keras' Concatenate(axis=-1): every branch reads the block's input; their outputs, equal in every axis but the
/// last, are laid side by side along it. An inception-style block:
///
///     concatenate<branch<conv2d<8, 1>>, branch<conv2d<8, 3, same>>, branch<>>
template <class... Branches>
struct concatenate {
  static constexpr std::string_view name = "concatenate";
  static constexpr std::string_view type_name = "Concatenate";
  static constexpr std::string_view header = "nnstatic/layers/concatenate.hpp";
  static constexpr void write_signature(text& out) {
    out.append("concatenate<");
    std::size_t written = 0;
    ((out.append(written++ == 0 ? "" : ","), Branches::write_signature(out)), ...);
    out.append(">");
  }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::concatenate<");
    std::size_t written = 0;
    ((out.append(written++ == 0 ? "" : ", "), Branches::write_type(out)), ...);
    out.append(">");
  }

  /// Asked by the binding before `bind`: two branches at least, each accepted layer by layer, then extents that
  /// agree in every axis but the last.
  template <class At, class In>
  static constexpr bool accepts() {
    return detail::block_accepts<At, concatenate, detail::concatenate_outputs, In, Branches...>();
  }

  template <class In>
  using bind = typename detail::bind_block<concatenate, detail::concatenate_outputs, In, Branches...>::type;
};

}  // namespace nnstatic
