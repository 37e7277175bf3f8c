#pragma once
/// `add<Branches...>`: Keras' Add() over branches that all read the block's input; y = the sum of their outputs.
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/detail/block.hpp>

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace nnstatic {

/// add's requirement on two branches, of the block's position, the block and the two `branch_output<I, shape>`.
template <class At, class Block, class First, class Other>
inline constexpr bool branches_have_equal_shapes = std::is_same_v<typename First::shape, typename Other::shape>;

namespace detail {

/// Sums the branches' outputs; each branch's output gradient is the block's.
struct add_outputs {
  template <class... Shapes>
  using output_shape = std::tuple_element_t<0, std::tuple<Shapes...>>;
  template <class... Shapes>
  static constexpr std::size_t branch_gradient_size = 0;
  /// The first branch's output may be written into y itself, and the others added to it.
  static constexpr bool first_branch_writes_output = true;

  template <class At, class Block, class First, class Other>
  static constexpr bool agree() {
    static_assert(branches_have_equal_shapes<At, Block, First, Other>,
                  "nnstatic: add needs every branch to give the same shape; the two branch_output<branch, shape> "
                  "name two that differ (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return branches_have_equal_shapes<At, Block, First, Other>;
  }

  // y = output_0, then y += output_b for each next branch b, in branch order
  template <std::size_t Branch, class... Shapes, class T>
  static constexpr void merge(const T* output, T* y, std::size_t batch) noexcept {
    using shape = output_shape<Shapes...>;
    for (std::size_t i = 0; i < batch * shape::size; ++i) y[i] = Branch == 0 ? output[i] : y[i] + output[i];
  }

  template <std::size_t Branch, class... Shapes, class T>
  static constexpr const T* branch_gradient(const T* dy, T* /*buffer*/, std::size_t /*batch*/) noexcept {
    return dy;
  }
};

}  // namespace detail

/// Keras' Add(): every branch reads the block's input, all give the same shape, and the block gives their sum.
/// ResNet's projection block, then its relu:
///
///     add<branch<conv2d<16, 3, strides{2}, same>, relu, conv2d<16, 3, same>>, branch<conv2d<16, 1, strides{2}>>>
template <class... Branches>
struct add {
  static constexpr std::string_view name = "add";
  static constexpr std::string_view type_name = "Add";
  static constexpr std::string_view header = "nnstatic/layers/add.hpp";
  static constexpr void write_signature(text& out) {
    out.append("add<");
    std::size_t written = 0;
    ((out.append(written++ == 0 ? "" : ","), Branches::write_signature(out)), ...);
    out.append(">");
  }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::add<");
    std::size_t written = 0;
    ((out.append(written++ == 0 ? "" : ", "), Branches::write_type(out)), ...);
    out.append(">");
  }

  /// Asked by the binding before `bind`: two branches at least, each accepted layer by layer, equal shapes out.
  template <class At, class In>
  static constexpr bool accepts() {
    return detail::block_accepts<At, add, detail::add_outputs, In, Branches...>();
  }

  template <class In>
  using bind = typename detail::bind_block<add, detail::add_outputs, In, Branches...>::type;
};

}  // namespace nnstatic
