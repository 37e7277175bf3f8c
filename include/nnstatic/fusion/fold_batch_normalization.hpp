#pragma once
/// Batch normalization folded into the layer before it, for inference and export.
///
/// In inference a batch normalization is a per-channel affine map, y = scale_c x + shift_c with
/// scale_c = gamma_c / sqrt(moving_variance_c + epsilon) and shift_c = beta_c - moving_mean_c scale_c. When the
/// layer before it computes each output channel c from its own kernel column and bias (dense, conv2d,
/// depthwise_conv2d: their kernels keep the output channel as the innermost axis), the map folds into that
/// layer's parameters, kernel[..][c] *= scale_c and bias_c = bias_c scale_c + shift_c, and the batch
/// normalization disappears. This is a rewrite of the network type, inside blocks too:
///
///     using deployed = folded_network<net>;          // the same network without the folded batch normalizations
///     fold_batch_normalization(trained, deployed_params);   // parameters<net> -> parameters<deployed>
///
/// A batch normalization after anything else (the network's input, a pool, an activation) stays as it is.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic {

namespace detail {

template <class Spec>
inline constexpr bool is_batch_normalization_spec = false;
template <auto... Options>
inline constexpr bool is_batch_normalization_spec<batch_normalization<Options...>> = true;

/// A layer whose output channel c (the last axis) is kernel column c and bias c: the innermost axis of the kernel
/// is the output channel, and there is one bias per channel.
template <class L>
inline constexpr bool folds_channel_scale = [] {
  if constexpr (glorot_layer<L>)
    return L::bias_size == last_extent<typename L::output_shape> && L::bias_size > 0 &&
           L::kernel_size % L::bias_size == 0 && L::param_count == L::kernel_size + L::bias_size;
  else
    return false;
}();

/// A bound block (add, concatenate): its branches, each a chain of bound layers.
template <class L>
concept bound_block_layer = requires {
  L::branch_count;
};

template <class... Ts>
struct type_list {};

template <class... Lists>
struct concat_lists;
template <>
struct concat_lists<> {
  using type = type_list<>;
};
template <class... A>
struct concat_lists<type_list<A...>> {
  using type = type_list<A...>;
};
template <class... A, class... B, class... Rest>
struct concat_lists<type_list<A...>, type_list<B...>, Rest...> {
  using type = typename concat_lists<type_list<A..., B...>, Rest...>::type;
};

template <class Layers>
struct folded_chain;

/// The spec a bound layer becomes: itself, or for a block the same block over its folded branches.
template <class L>
struct folded_spec {
  using type = typename L::spec;
};

template <class Spec, class BranchSpecLists>
struct rebuild_block;
template <template <class...> class Block, class... Branches, class... SpecLists>
struct rebuild_block<Block<Branches...>, type_list<SpecLists...>> {
  template <class List>
  struct as_branch;
  template <class... Specs>
  struct as_branch<type_list<Specs...>> {
    using type = branch<Specs...>;
  };
  using type = Block<typename as_branch<SpecLists>::type...>;
};

template <bound_block_layer L>
struct folded_spec<L> {
  using type = typename decltype([]<std::size_t... B>(std::index_sequence<B...>) {
    return std::type_identity<typename rebuild_block<
        typename L::spec,
        type_list<typename folded_chain<typename L::template branch_at<B>::chain>::specs...>>::type>{};
  }(std::make_index_sequence<L::branch_count>{}))::type;
};

/// Which layers of a chain stay: all but a batch normalization right after a layer it folds into.
template <class... Layers>
struct folded_chain<layer_chain<Layers...>> {
  using layers = std::tuple<Layers...>;
  static constexpr std::size_t size = sizeof...(Layers);
  static constexpr std::array<bool, size> folded = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<bool, size>{[] {
      if constexpr (I == 0)
        return false;
      else
        return is_batch_normalization_spec<typename std::tuple_element_t<I, layers>::spec> &&
               folds_channel_scale<std::tuple_element_t<I - 1, layers>>;
    }()...};
  }
  (std::make_index_sequence<size>{});

  using specs = typename decltype([]<std::size_t... I>(std::index_sequence<I...>) {
    return std::type_identity<typename concat_lists<std::conditional_t<
        folded[I], type_list<>, type_list<typename folded_spec<std::tuple_element_t<I, layers>>::type>>...>::type>{};
  }(std::make_index_sequence<size>{}))::type;
};

template <class Net>
struct folded_sequential;
template <class Input, class... Specs>
struct folded_sequential<sequential<Input, Specs...>> {
  template <class List>
  struct as_sequential;
  template <class... Folded>
  struct as_sequential<type_list<Folded...>> {
    using type = sequential<Input, Folded...>;
  };
  using type = typename as_sequential<typename folded_chain<typename sequential<Input, Specs...>::layers>::specs>::type;
};

/// Where the copy stands in the source and destination buffers.
template <class T>
struct fold_cursor {
  const T* params;
  const T* state;
  T* folded_params;
  T* folded_state;
};

template <class T, class... Layers>
void fold_chain(fold_cursor<T>& at, layer_chain<Layers...>*);

/// Copies one layer's parameters and state, walking into blocks, and returns where its parameters went.
template <class L, class T>
T* fold_layer(fold_cursor<T>& at) {
  T* destination = at.folded_params;
  if constexpr (bound_block_layer<L>) {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (fold_chain(at, static_cast<typename L::template branch_at<B>::chain*>(nullptr)), ...);
    }
    (std::make_index_sequence<L::branch_count>{});
  } else {
    std::copy(at.params, at.params + L::param_count, at.folded_params);
    std::copy(at.state, at.state + state_count_of<L>, at.folded_state);
    at.params += L::param_count;
    at.state += state_count_of<L>;
    at.folded_params += L::param_count;
    at.folded_state += state_count_of<L>;
  }
  return destination;
}

/// Scales the output channels of the layer whose parameters are at `target` by batch normalization `Norm`, whose
/// parameters and state the cursor points at, and steps over them.
template <class Producer, class Norm, class T>
void fold_into(T* target, fold_cursor<T>& at) {
  constexpr std::size_t channels = Norm::channels;
  static_assert(Producer::bias_size == channels);
  const T* gamma = at.params;
  const T* beta = at.params + channels;
  const T* moving_mean = at.state;
  const T* moving_variance = at.state + channels;
  constexpr double epsilon = Norm::spec::epsilon_ratio.template value<double>();
  std::array<double, channels> scale{};
  for (std::size_t c = 0; c < channels; ++c)
    scale[c] = static_cast<double>(gamma[c]) / std::sqrt(static_cast<double>(moving_variance[c]) + epsilon);
  for (std::size_t i = 0; i < Producer::kernel_size; ++i)
    target[i] = static_cast<T>(static_cast<double>(target[i]) * scale[i % channels]);
  T* bias = target + Producer::kernel_size;
  for (std::size_t c = 0; c < channels; ++c)
    bias[c] = static_cast<T>((static_cast<double>(bias[c]) - static_cast<double>(moving_mean[c])) * scale[c] +
                             static_cast<double>(beta[c]));
  at.params += Norm::param_count;
  at.state += state_count_of<Norm>;
}

template <class T, class... Layers>
void fold_chain(fold_cursor<T>& at, layer_chain<Layers...>*) {
  using chain = folded_chain<layer_chain<Layers...>>;
  [[maybe_unused]] T* previous = nullptr;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = std::tuple_element_t<I, typename chain::layers>;
          if constexpr (chain::folded[I])
            fold_into<std::tuple_element_t<I == 0 ? 0 : I - 1, typename chain::layers>, layer>(previous, at);
          else
            previous = fold_layer<layer>(at);
        }(),
        ...);
  }
  (std::index_sequence_for<Layers...>{});
}

}  // namespace detail

/// `Net` with every batch normalization that follows a dense, conv2d or depthwise_conv2d layer folded into it.
template <network Net>
using folded_network = typename detail::folded_sequential<Net>::type;

/// Writes `from`'s parameters and state, each batch normalization folded into the layer before it where it can be,
/// into `to`, the parameters of `folded_network<Net>`. Inference on the two gives the same outputs up to rounding.
template <network Net, class T>
void fold_batch_normalization(const parameters<Net, T>& from, parameters<folded_network<Net>, T>& to) {
  detail::fold_cursor<T> at{from.values.data(), from.state.data(), to.values.data(), to.state.data()};
  detail::fold_chain(at, static_cast<typename Net::layers*>(nullptr));
}

}  // namespace nnstatic
