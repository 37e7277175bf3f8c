#pragma once
// MobileNetV1 with width 0.25 at 96x96x3, MLPerf Tiny's visual-wake-words model, as its Keras reference code builds
// it (mobilenet_v1 in mlcommons/tiny, training/visual_wake_words/vww_model.py): a stride-2 convolution of 8 filters,
// thirteen depthwise-separable blocks (depthwise 3x3, then a 1x1 convolution, each with batch normalization and
// ReLU), an average pool over the last 3x3 image and 2 classes.
#include "keras_summary.hpp"
#include "layer_groups.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <cstddef>

namespace zoo {

namespace mobilenet_v1_parts {
namespace ns = nnstatic;

template <std::size_t Filters, std::size_t Stride>
using separable = group<ns::depthwise_conv2d<3, ns::strides{Stride}, ns::same>, ns::batch_normalization<>, ns::relu,
                        ns::conv2d<Filters, 1, ns::same>, ns::batch_normalization<>, ns::relu>;

using network = sequential_of<                                                                       //
    group<ns::input<96, 96, 3>, ns::conv2d<8, 3, ns::strides{2}, ns::same>, ns::batch_normalization<>,  //
          ns::relu>,                                                                                  // 48x48x8
    separable<16, 1>, separable<32, 2>, separable<32, 1>,                                             // 24x24x32
    separable<64, 2>, separable<64, 1>,                                                               // 12x12x64
    separable<128, 2>, separable<128, 1>, separable<128, 1>, separable<128, 1>, separable<128, 1>,    //
    separable<128, 1>,                                                                                // 6x6x128
    separable<256, 2>, separable<256, 1>,                                                             // 3x3x256
    group<ns::avg_pool2d<3>, ns::flatten, ns::dense<2>, ns::softmax>>;

}  // namespace mobilenet_v1_parts

using mobilenet_v1 = mobilenet_v1_parts::network;

/// Keras: "Total params: 221,794", "Trainable params: 216,322", "Non-trainable params: 5,472".
inline constexpr keras_summary mobilenet_v1_keras{.trainable = 216'322, .non_trainable = 5'472};
static_assert(summary_matches<mobilenet_v1>(mobilenet_v1_keras));

}  // namespace zoo
