#pragma once
/// `plan<Net>`: the compile-time rewrite of a network's bound layers into the stages that actually run.
///
///     conv2d [activation] [max_pool2d] [flatten]   ->  conv_stage   (convolve, activate and pool a tile in registers)
///     conv2d 1x1, stride 1 [activation] [flatten]  ->  pointwise_stage  (dense_stage's GEMM over every pixel)
///     dense [activation] [flatten]                 ->  dense_stage  (one GEMM, bias and activation in its epilogue)
///     depthwise_conv2d [activation] [flatten]      ->  depthwise_stage  (along channels, activation in its epilogue)
///     batch_normalization [activation] [flatten]   ->  batch_normalization_stage  (statistics in one pass, activated)
///     max_pool2d, avg_pool2d [flatten]             ->  pool_stage  (any window, strides, padding; along channels)
///     activation [flatten]                         ->  activation_stage  (its pack forms along the whole batch)
///     global_{average,max}_pooling2d               ->  global_pool_stage  (vectorized along channels)
///     add<...>, concatenate<...> [flatten]         ->  block_stage  (each branch runs its own plan of these rules)
///     any other layer [flatten]                    ->  layer_stage  (the layer as written)
///
/// An activation is any element-wise one (core/elementwise_activation.hpp: relu, relu6, leaky_relu, sigmoid, tanh,
/// and whatever else provides the scalar and pack forms); the rules name no activation. The pool is absorbed after
/// a non-decreasing activation only, since the kernel takes the maximum before it activates.
///
/// A flatten moves no data in NHWC, so it is absorbed by the stage before it. Softmax stays a layer_stage: with
/// categorical cross-entropy the loss folds it (the gradient p - y comes straight from the logits) and backward
/// never runs it. A family without a batch-normalization stage (`fuses_batch_normalization`; int8 folds batch
/// normalization into the layer before it first) runs it as a layer. The unfused layers in include/nnstatic/layers remain the reference the tests compare against.
///
/// The rules are partial specializations of `match` on a prefix of the remaining layers, written as the pattern
/// they recognise; the most specialized one wins, so adding a fusion is adding one specialization.
///
/// A rule decides which layers go together; a *stage family* decides what runs them. The rules name a stage by its
/// role (`Family::layer`, `activation`, `dense`, `convolution`, `depthwise`, `batch_normalization`, `pool`,
/// `global_pool`, `block`), and a family maps each role to a type: `float_stages<Arch>` below to the fused float
/// stages of this folder, and quant/int8_stages.hpp's `int8_stages` to int8 ones. So float training, float inference
/// and int8 group the layers by the same table.
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/activation_stage.hpp>
#include <nnstatic/fusion/batch_normalization_stage.hpp>
#include <nnstatic/fusion/block_stage.hpp>
#include <nnstatic/fusion/conv_stage.hpp>
#include <nnstatic/fusion/dense_stage.hpp>
#include <nnstatic/fusion/depthwise_stage.hpp>
#include <nnstatic/fusion/global_pool_stage.hpp>
#include <nnstatic/fusion/layer_stage.hpp>
#include <nnstatic/fusion/pointwise_stage.hpp>
#include <nnstatic/fusion/pool_stage.hpp>
#include <nnstatic/kernels/conv_pool.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/detail/block.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/simd/arch.hpp>

#include <algorithm>
#include <cstddef>
#include <tuple>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

/// A stage placed in the network: it runs layers [First, First + Span) and its parameters are those of layer First.
template <class Stage, std::size_t First, std::size_t Span>
struct planned : Stage {
  using stage = Stage;
  static constexpr std::size_t first_layer = First;
  static constexpr std::size_t layer_span = Span;
};

template <class... Stages>
struct stage_list {
  static constexpr std::size_t size = sizeof...(Stages);
  template <std::size_t I>
  using at = std::tuple_element_t<I, std::tuple<Stages...>>;

  /// The most per-thread scratch any stage needs, for training and for inference.
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = std::max({std::size_t{0}, Stages::template scratch_size<Batch>...});
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = std::max({std::size_t{0},
                                                                  Stages::template inference_scratch_size<Batch>...});
};

namespace detail {

template <class... Ts>
struct type_list {};

template <std::size_t N, class List>
struct drop {
  using type = List;
};
template <std::size_t N, class T, class... Ts>
requires(N > 0) struct drop<N, type_list<T, Ts...>> {
  using type = typename drop<N - 1, type_list<Ts...>>::type;
};

template <std::size_t N, class List>
struct nth;
template <class T, class... Ts>
struct nth<0, type_list<T, Ts...>> {
  using type = T;
};
template <std::size_t N, class T, class... Ts>
requires(N > 0) struct nth<N, type_list<T, Ts...>> {
  using type = typename nth<N - 1, type_list<Ts...>>::type;
};

template <class List>
inline constexpr bool starts_with_flatten = false;
template <class In, class... Ts>
inline constexpr bool starts_with_flatten<type_list<bound_flatten<In>, Ts...>> = true;

using nnstatic::detail::bound_elementwise;
using nnstatic::detail::bound_pool2d;

template <class Family, std::size_t Index, class Done, class Remaining>
struct rewrite;

/// The rule for a prefix of the remaining layers: `stage<Out>` runs its first `consumed` layers.
template <class Family, class List>
struct match;

/// Any layer alone.
template <class Family, class L, class... Rest>
struct match<Family, type_list<L, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template layer<L, Out>;
};

/// An element-wise activation that no layer before it takes in (after a block, or a layer run as written).
template <class Family, class Activation, class In, class... Rest>
  requires elementwise_activation<Activation>
struct match<Family, type_list<bound_elementwise<Activation, In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template activation<bound_elementwise<Activation, In>, Out>;
};

/// dense, dense + activation.
template <class Family, std::size_t Units, class In, class... Rest>
struct match<Family, type_list<bound_dense<Units, In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template dense<bound_dense<Units, In>, void, Out>;
};
template <class Family, std::size_t Units, class In, class Activation, class ActivationIn, class... Rest>
  requires elementwise_activation<Activation>
struct match<Family, type_list<bound_dense<Units, In>, bound_elementwise<Activation, ActivationIn>, Rest...>> {
  static constexpr std::size_t consumed = 2;
  template <class Out>
  using stage = typename Family::template dense<bound_dense<Units, In>, Activation, Out>;
};

/// conv2d, conv2d + activation, conv2d + max_pool2d, conv2d + activation + max_pool2d. A pool whose windows
/// overlap or are padded (conv_stage.hpp's absorbable_pool), or that follows an activation that may decrease, is not
/// absorbed; it runs as a pool stage of its own after the convolution.
template <class Family, class Spec, class In, class... Rest>
struct match<Family, type_list<bound_conv2d<Spec, In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template convolution<bound_conv2d<Spec, In>, void, void, Out>;
};
template <class Family, class Spec, class In, class Activation, class ActivationIn, class... Rest>
  requires elementwise_activation<Activation>
struct match<Family, type_list<bound_conv2d<Spec, In>, bound_elementwise<Activation, ActivationIn>, Rest...>> {
  static constexpr std::size_t consumed = 2;
  template <class Out>
  using stage = typename Family::template convolution<bound_conv2d<Spec, In>, Activation, void, Out>;
};
template <class Family, class Spec, class In, class PoolSpec, class PoolIn, class... Rest>
struct match<Family, type_list<bound_conv2d<Spec, In>, bound_pool2d<PoolSpec, PoolIn>, Rest...>> {
  static constexpr bool absorbed = absorbable_pool<bound_pool2d<PoolSpec, PoolIn>>;
  static constexpr std::size_t consumed = absorbed ? 2 : 1;
  using pool = std::conditional_t<absorbed, bound_pool2d<PoolSpec, PoolIn>, void>;
  template <class Out>
  using stage = typename Family::template convolution<bound_conv2d<Spec, In>, void, pool, Out>;
};
template <class Family, class Spec, class In, class Activation, class ActivationIn, class PoolSpec, class PoolIn,
          class... Rest>
  requires elementwise_activation<Activation>
struct match<Family, type_list<bound_conv2d<Spec, In>, bound_elementwise<Activation, ActivationIn>,
                             bound_pool2d<PoolSpec, PoolIn>, Rest...>> {
  static constexpr bool absorbed =
      absorbable_pool<bound_pool2d<PoolSpec, PoolIn>> && non_decreasing_activation<Activation>;
  static constexpr std::size_t consumed = absorbed ? 3 : 2;
  using pool = std::conditional_t<absorbed, bound_pool2d<PoolSpec, PoolIn>, void>;
  template <class Out>
  using stage = typename Family::template convolution<bound_conv2d<Spec, In>, Activation, pool, Out>;
};

/// depthwise_conv2d, depthwise_conv2d + activation.
template <class Family, class Spec, class In, class... Rest>
struct match<Family, type_list<bound_depthwise_conv2d<Spec, In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template depthwise<bound_depthwise_conv2d<Spec, In>, void, Out>;
};
template <class Family, class Spec, class In, class Activation, class ActivationIn, class... Rest>
  requires elementwise_activation<Activation>
struct match<Family,
             type_list<bound_depthwise_conv2d<Spec, In>, bound_elementwise<Activation, ActivationIn>, Rest...>> {
  static constexpr std::size_t consumed = 2;
  template <class Out>
  using stage = typename Family::template depthwise<bound_depthwise_conv2d<Spec, In>, Activation, Out>;
};

/// batch_normalization, batch_normalization + activation, where the family has a stage for them.
template <class Family>
concept fuses_batch_normalization = requires {
  requires Family::fuses_batch_normalization;
};
template <class Family, class Spec, class In, class... Rest>
  requires fuses_batch_normalization<Family>
struct match<Family, type_list<bound_batch_normalization<Spec, In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template batch_normalization<bound_batch_normalization<Spec, In>, void, Out>;
};
template <class Family, class Spec, class In, class Activation, class ActivationIn, class... Rest>
  requires fuses_batch_normalization<Family> && elementwise_activation<Activation>
struct match<Family,
             type_list<bound_batch_normalization<Spec, In>, bound_elementwise<Activation, ActivationIn>, Rest...>> {
  static constexpr std::size_t consumed = 2;
  template <class Out>
  using stage = typename Family::template batch_normalization<bound_batch_normalization<Spec, In>, Activation, Out>;
};

/// max_pool2d or avg_pool2d that no convolution before it absorbs.
template <class Family, class Spec, class In, class... Rest>
struct match<Family, type_list<bound_pool2d<Spec, In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template pool<bound_pool2d<Spec, In>, Out>;
};

/// global_average_pooling2d, global_max_pooling2d.
template <class Family, class In, class... Rest>
struct match<Family, type_list<bound_global_average_pooling2d<In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template global_pool<bound_global_average_pooling2d<In>, Out>;
};
template <class Family, class In, class... Rest>
struct match<Family, type_list<bound_global_max_pooling2d<In>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template global_pool<bound_global_max_pooling2d<In>, Out>;
};

/// A block: each branch is planned by these same rules, from its own first layer.
template <class Family, class Branch>
struct branch_plan;
template <class Family, class In, class... Layers>
struct branch_plan<Family, bound_branch<In, layer_chain<Layers...>>> {
  using type = typename rewrite<Family, 0, stage_list<>, type_list<Layers...>>::type;
};

template <class Family, class Spec, class Merge, class In, class... Branches, class... Rest>
struct match<Family, type_list<nnstatic::detail::bound_block<Spec, Merge, In, Branches...>, Rest...>> {
  static constexpr std::size_t consumed = 1;
  template <class Out>
  using stage = typename Family::template block<nnstatic::detail::bound_block<Spec, Merge, In, Branches...>, Out,
                                                typename branch_plan<Family, Branches>::type...>;
};

template <class Family, std::size_t Index, class... Done>
struct rewrite<Family, Index, stage_list<Done...>, type_list<>> {
  using type = stage_list<Done...>;
};

template <class Family, std::size_t Index, class... Done, class L, class... Ls>
struct rewrite<Family, Index, stage_list<Done...>, type_list<L, Ls...>> {
  using layers = type_list<L, Ls...>;
  using rule = match<Family, layers>;
  static constexpr std::size_t span =
      rule::consumed + (starts_with_flatten<typename drop<rule::consumed, layers>::type> ? 1 : 0);
  using out = typename nth<span - 1, layers>::type::output_shape;
  using stage = planned<typename rule::template stage<out>, Index, span>;
  using type =
      typename rewrite<Family, Index + span, stage_list<Done..., stage>, typename drop<span, layers>::type>::type;
};

template <class Chain>
struct chain_list;
template <class... Layers>
struct chain_list<layer_chain<Layers...>> {
  using type = type_list<Layers...>;
};

/// The first N types of a list.
template <std::size_t N, class List, class Taken = type_list<>>
struct take {
  using type = Taken;
};
template <std::size_t N, class T, class... Ts, class... Taken>
  requires(N > 0)
struct take<N, type_list<T, Ts...>, type_list<Taken...>> {
  using type = typename take<N - 1, type_list<Ts...>, type_list<Taken..., T>>::type;
};

/// The plan of every layer but the last, then the last as a stage of its own.
template <class Family, class Layers>
struct plan_with_last_apart;
template <class Family, class... Layers>
struct plan_with_last_apart<Family, type_list<Layers...>> {
  static constexpr std::size_t last = sizeof...(Layers) - 1;
  using last_layer = typename nth<last, type_list<Layers...>>::type;
  template <class Head>
  struct append;
  template <class... Stages>
  struct append<stage_list<Stages...>> {
    using type =
        stage_list<Stages...,
                   planned<typename Family::template layer<last_layer, typename last_layer::output_shape>, last, 1>>;
  };
  using type = typename append<
      typename rewrite<Family, 0, stage_list<>, typename take<last, type_list<Layers...>>::type>::type>::type;
};

template <bool LastApart, class Net, class Family>
struct training_plan_of {
  using type = typename rewrite<Family, 0, stage_list<>, typename chain_list<typename Net::layers>::type>::type;
};
template <class Net, class Family>
struct training_plan_of<true, Net, Family> {
  using type = typename plan_with_last_apart<Family, typename chain_list<typename Net::layers>::type>::type;
};

}  // namespace detail

/// The float realization of the rules: the fused stages of this folder, with the kernels for `Arch`.
template <class Arch>
struct float_stages {
  template <class Layer, class Out>
  using layer = layer_stage<Arch, Layer, Out>;
  template <class Activation, class Out>
  using activation = activation_stage<Arch, typename Activation::spec, typename Activation::input_shape, Out>;
  template <class Dense, class Activation, class Out>
  using dense = dense_stage<Arch, Dense, Activation, Out>;
  /// Without a pool, a 1x1 convolution of stride 1 is a GEMM over the pixels.
  template <class Conv, class Activation, class Pool, class Out>
  using convolution =
      std::conditional_t<std::is_void_v<Pool> && is_pointwise_convolution<Conv>,
                         pointwise_stage<Arch, Conv, Activation, Out>, conv_stage<Arch, Conv, Activation, Pool, Out>>;
  template <class Depthwise, class Activation, class Out>
  using depthwise = depthwise_stage<Arch, Depthwise, Activation, Out>;
  static constexpr bool fuses_batch_normalization = true;
  template <class Normalization, class Activation, class Out>
  using batch_normalization = batch_normalization_stage<Arch, Normalization, Activation, Out>;
  template <class Pool, class Out>
  using pool = pool_stage<Arch, Pool, Out>;
  template <class Pool, class Out>
  using global_pool = global_pool_stage<Arch, Pool, Out>;
  template <class Block, class Out, class... BranchPlans>
  using block = block_stage<Arch, Block, Out, BranchPlans...>;
};

/// The stages of `Family` that run `Net` by the rules above, each a `planned<Stage, First, Span>`.
template <network Net, class Family>
using plan_of_family = typename detail::rewrite<Family, 0, stage_list<>,
                                                typename detail::chain_list<typename Net::layers>::type>::type;

/// The float stages that run `Net`, for the kernels' architecture `Arch` (`simd::plain` gives the scalar reference
/// of the same plan).
template <network Net, class Arch = simd::native>
using plan = plan_of_family<Net, float_stages<Arch>>;

/// The plan a trainer runs: `plan<Net, Arch>`, except that with `LastApart` the network's last layer is a stage
/// of its own, not fused into the layer before it, since the loss folds it (binary cross-entropy differentiates
/// through a final sigmoid from the logits, so it needs them).
template <network Net, class Arch = simd::native, bool LastApart = false>
using training_plan = typename detail::training_plan_of<LastApart, Net, float_stages<Arch>>::type;

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
