#pragma once
/// The bound form shared by `add` and `concatenate`: a block of branches that all read the block's input, whose
/// outputs a `Merge` policy combines (sums them, or lays them side by side along the last axis).
///
/// It follows the layer protocol (core/layer_protocol.hpp) in its full forms, and runs every layer inside through
/// it, with its parameters, state and saved values. The branches run one after the other, each merged into y as
/// soon as it is done (add: branch 0's last layer may write y itself). Memory, per sample (the simple forms take it
/// from the stack, one sample at a time):
///     saved:   branch 0's saved values | branch 1's | ...                    (each batch-major, see layers/branch.hpp)
///     scratch, in backward:  a branch's input gradient | its output gradient (concatenate) | the largest branch
///                            scratch (the training forward uses only this last part)
///     scratch, in inference: the outputs live in the branch running, planned by liveness | the largest layer scratch
/// Parameters and state: branch 0's layers', then branch 1's, each in its layers' order.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/branch.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>
#include <vector>

namespace nnstatic {

/// Branch `Index` of a block and the shape it gives; two of them are the arguments of a block's failing agreement
/// check, so that the error names both branches and both shapes.
template <std::size_t Index, class Shape>
struct branch_output {
  static constexpr std::size_t index = Index;
  using shape = Shape;
};

/// A block's requirements on its arguments, of the block's position and the block, so that a failing one prints
/// them (core/diagnostics.hpp).
template <class At, class Block, std::size_t BranchCount>
inline constexpr bool block_has_two_branches = BranchCount >= 2;

template <class At, class Block, std::size_t Index, class Argument>
inline constexpr bool block_argument_is_branch = is_branch<Argument>;

namespace detail {

/// Checks a block's branches in order: each must be a `branch<...>` whose layers accept what reaches them; the
/// first wrong one is reported and nothing after it is checked.
template <class At, class Block, class In, std::size_t Index, class... Branches>
constexpr bool branches_accept() {
  if constexpr (sizeof...(Branches) == Index) {
    return true;
  } else {
    using argument = std::tuple_element_t<Index, std::tuple<Branches...>>;
    if constexpr (!block_argument_is_branch<At, Block, Index, argument>) {
      static_assert(block_argument_is_branch<At, Block, Index, argument>,
                    "nnstatic: each argument of add or concatenate must be a branch<...> of layers (branch<> is the "
                    "identity)");
      return false;
    } else if constexpr (!argument::template bind<At, Index, In>::accepted) {
      return false;  // the branch's binding has reported its wrong layer
    } else {
      return branches_accept<At, Block, In, Index + 1, Branches...>();
    }
  }
}

/// Checks that every branch's output agrees with branch 0's, as `Merge::agree` defines it.
template <class At, class Block, class Merge, std::size_t Index, class... Bound>
constexpr bool branch_outputs_agree() {
  if constexpr (sizeof...(Bound) == Index) {
    return true;
  } else {
    using first = std::tuple_element_t<0, std::tuple<Bound...>>;
    using other = std::tuple_element_t<Index, std::tuple<Bound...>>;
    if constexpr (!Merge::template agree<At, Block, branch_output<0, typename first::output_shape>,
                                         branch_output<Index, typename other::output_shape>>())
      return false;
    else
      return branch_outputs_agree<At, Block, Merge, Index + 1, Bound...>();
  }
}

/// The branch count as a template argument of its own, so that both compilers print its value when it fails.
template <class At, class Block, std::size_t BranchCount>
constexpr bool has_two_branches() {
  static_assert(block_has_two_branches<At, Block, BranchCount>,
                "nnstatic: add and concatenate need at least two branches (branch<> is the identity: "
                "residual<...> is add<branch<...>, branch<>>)");
  return block_has_two_branches<At, Block, BranchCount>;
}

template <class At, class Block, class Merge, class In, class... Branches>
constexpr bool block_accepts() {
  if constexpr (!block_has_two_branches<At, Block, sizeof...(Branches)>) {
    return has_two_branches<At, Block, sizeof...(Branches)>();
  } else if constexpr (!branches_accept<At, Block, In, 0, Branches...>()) {
    return false;
  } else {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return branch_outputs_agree<At, Block, Merge, 1, typename Branches::template bind<At, I, In>...>();
    }
    (std::index_sequence_for<Branches...>{});
  }
}

template <class Spec, class Merge, class In, class... Bound>
struct bound_block;

/// Binds every branch to the block's input. The block has been accepted at its position, so the branches' layers
/// are asked again only where nothing can fail; their positions then name no block.
template <class Spec, class Merge, class In, class... Branches>
struct bind_block {
  using type = decltype([]<std::size_t... I>(std::index_sequence<I...>) {
    return std::type_identity<bound_block<Spec, Merge, In, typename Branches::template bind<void, I, In>...>>{};
  }(std::index_sequence_for<Branches...>{}))::type;
};

/// The sum of the first `B` of `sizes`: where branch B's part of a buffer starts.
template <std::size_t B, std::size_t N>
constexpr std::size_t prefix_sum(const std::array<std::size_t, N>& sizes) noexcept {
  std::size_t offset = 0;
  for (std::size_t b = 0; b < B; ++b) offset += sizes[b];
  return offset;
}

template <class Spec, class Merge, class In, class... Bound>
struct bound_block {
  using spec = Spec;
  using merge = Merge;
  using input_shape = In;
  using output_shape = typename Merge::template output_shape<typename Bound::output_shape...>;
  static constexpr std::size_t branch_count = sizeof...(Bound);
  template <std::size_t B>
  using branch_at = std::tuple_element_t<B, std::tuple<Bound...>>;

  static constexpr std::array<std::size_t, branch_count> param_counts{Bound::param_count...};
  static constexpr std::array<std::size_t, branch_count> state_counts{Bound::state_count...};
  static constexpr std::array<std::size_t, branch_count> saved_sizes{Bound::saved_size...};
  template <std::size_t B>
  static constexpr std::size_t param_offset = prefix_sum<B>(param_counts);
  template <std::size_t B>
  static constexpr std::size_t state_offset = prefix_sum<B>(state_counts);
  template <std::size_t B>
  static constexpr std::size_t saved_offset = prefix_sum<B>(saved_sizes);

  static constexpr std::size_t param_count = (std::size_t{0} + ... + Bound::param_count);
  static constexpr std::size_t state_count = (std::size_t{0} + ... + Bound::state_count);
  static constexpr std::size_t saved_size = (std::size_t{0} + ... + Bound::saved_size);
  static constexpr std::size_t branch_gradient_size =
      Merge::template branch_gradient_size<typename Bound::output_shape...>;
  static constexpr std::size_t branch_scratch_size = std::max({std::size_t{0}, Bound::scratch_size...});
  /// Whether branch B's last layer writes the block's output itself (add's first branch) in inference.
  template <std::size_t B>
  static constexpr bool writes_output = B == 0 && Merge::first_branch_writes_output;
  static constexpr std::size_t inference_area_size = [] {
    return [&]<std::size_t... B>(std::index_sequence<B...>) {
      return std::max({std::size_t{0}, branch_at<B>::template inference_plan<writes_output<B>>.arena_size...});
    }(std::make_index_sequence<branch_count>{});
  }();
  static constexpr std::size_t layer_scratch_size = std::max({std::size_t{0}, Bound::chain::max_scratch_size...});
  static constexpr std::size_t scratch_size = std::max(In::size + branch_gradient_size + branch_scratch_size,
                                                       inference_area_size + layer_scratch_size);
  static constexpr bool batch_coupled = (Bound::batch_coupled || ...);

  /// Every layer inside, branch by branch, layer by layer, from the same generator (core/layer_protocol.hpp).
  template <class T>
  static void initialize(T* params, T* state, random_engine& rng) {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (initialize_branch<branch_at<B>>(params + param_offset<B>, state + state_offset<B>, rng,
                                       std::make_index_sequence<branch_at<B>::length>{}),
       ...);
    }
    (std::make_index_sequence<branch_count>{});
  }

  /// The layers inside, flat as Keras lists a functional model's, then the block's own row (0 parameters).
  static void append_summary_rows(std::vector<summary_row>& rows) {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (append_branch_rows<branch_at<B>>(rows, std::make_index_sequence<branch_at<B>::length>{}), ...);
    }
    (std::make_index_sequence<branch_count>{});
    text shape;
    output_shape::write(shape);
    rows.push_back(summary_row{Spec::name, Spec::type_name, std::string(shape.view()), 0});
  }

  /// Branch B's output, `batch` rows, merged into y after those of the branches before it; and branch B's output
  /// gradient from the block's dy: dy itself (add: `branch_gradient_size` is 0) or its slice gathered into `buffer`
  /// (concatenate).
  template <std::size_t B, class T>
  static constexpr void merge_output(const T* output, T* y, std::size_t batch) noexcept {
    Merge::template merge<B, typename Bound::output_shape...>(output, y, batch);
  }
  template <std::size_t B, class T>
  static constexpr const T* branch_output_gradient(const T* dy, T* buffer, std::size_t batch) noexcept {
    return Merge::template branch_gradient<B, typename Bound::output_shape...>(dy, buffer, batch);
  }

  // y = merge(branch_0(x), branch_1(x), ...)      x: (batch, In)  y: (batch, output_shape)
  template <class T>
  static constexpr void forward(const inference_args<T>& a) noexcept {
    T* layer_scratch = a.scratch + a.batch * inference_area_size;
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (
          [&] {
            const T* output = branch_at<B>::template forward<writes_output<B>>(
                a.params + param_offset<B>, a.state + state_offset<B>, a.x, a.y, a.batch, a.scratch, layer_scratch);
            if constexpr (!branch_at<B>::template ends_in_output<writes_output<B>>) merge_output<B>(output, a.y, a.batch);
          }(),
          ...);
    }
    (std::make_index_sequence<branch_count>{});
  }

  template <class T>
  static constexpr void train_forward(const training_args<T>& a) noexcept {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (merge_output<B>(branch_at<B>::train_forward(a.params + param_offset<B>, a.state + state_offset<B>, a.x, a.batch,
                                                   a.saved + a.batch * saved_offset<B>, a.scratch, a.first_sample,
                                                   mix_bits(a.noise_key, B)),
                       a.y, a.batch),
       ...);
    }
    (std::make_index_sequence<branch_count>{});
  }

  // dx = sum over branches of each branch's dx (the identity's is its dy); every branch adds its parameters' gradient
  template <bool PropagateInput, class T>
  static constexpr void backward(const backward_args<T>& a) noexcept {
    T* branch_dx = a.scratch;
    T* branch_dy = a.scratch + a.batch * In::size;
    T* branch_scratch = branch_dy + a.batch * branch_gradient_size;
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (
          [&] {
            T* target = B == 0 ? a.dx : branch_dx;
            branch_at<B>::template backward<PropagateInput>(
                a.params + param_offset<B>, a.state + state_offset<B>, a.param_grad + param_offset<B>, a.x,
                branch_output_gradient<B>(a.dy, branch_dy, a.batch), target, a.batch,
                a.saved + a.batch * saved_offset<B>, branch_scratch);
            if constexpr (PropagateInput && B > 0)
              for (std::size_t i = 0; i < a.batch * In::size; ++i) a.dx[i] += branch_dx[i];
          }(),
          ...);
    }
    (std::make_index_sequence<branch_count>{});
  }

  // The simple forms, for constant expressions and tests: one sample at a time through memory on the stack, exact
  // for a block without state whose layers treat samples independently (not batch normalization in training).
  template <class T>
  static constexpr void forward(const T* params, const T* x, T* y, std::size_t batch) noexcept {
    static_assert(state_count == 0, "nnstatic: a block with state runs through its full forms");
    std::array<T, scratch_size> memory{};
    for (std::size_t n = 0; n < batch; ++n)
      forward(inference_args<T>{params, nullptr, x + n * In::size, y + n * output_shape::size, memory.data(), 1});
  }

  template <bool PropagateInput, class T>
  static constexpr void backward(const T* params, T* grad, const T* x, const T* y, const T* dy, T* dx,
                                 std::size_t batch) noexcept {
    static_assert(state_count == 0 && !batch_coupled,
                  "nnstatic: a block with state or a batch-coupled layer runs through its full forms");
    std::array<T, saved_size + scratch_size + output_shape::size> memory{};
    T* saved = memory.data();
    T* scratch = saved + saved_size;
    T* output = scratch + scratch_size;
    for (std::size_t n = 0; n < batch; ++n) {
      train_forward(training_args<T>{params, nullptr, x + n * In::size, output, saved, scratch, 1, n, 0});
      backward<PropagateInput>(backward_args<T>{params, nullptr, grad, x + n * In::size, y + n * output_shape::size,
                                                saved, dy + n * output_shape::size,
                                                PropagateInput ? dx + n * In::size : dx, scratch, 1});
    }
  }

 private:
  template <class Branch, class T, std::size_t... I>
  static void initialize_branch([[maybe_unused]] T* params, [[maybe_unused]] T* state,
                                [[maybe_unused]] random_engine& rng, std::index_sequence<I...>) {
    (initialize_layer<typename Branch::template layer<I>>(params + Branch::chain::param_offsets[I],
                                                          state + Branch::chain::state_offsets[I], rng),
     ...);
  }
  template <class Branch, std::size_t... I>
  static void append_branch_rows([[maybe_unused]] std::vector<summary_row>& rows, std::index_sequence<I...>) {
    (::nnstatic::detail::append_summary_rows<typename Branch::template layer<I>::spec,
                                             typename Branch::template layer<I>>(rows),
     ...);
  }
};

}  // namespace detail
}  // namespace nnstatic
