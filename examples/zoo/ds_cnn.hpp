#pragma once
// DS-CNN, MLPerf Tiny's keyword-spotting model (49x10 MFCC features), as its Keras reference code builds it (ds_cnn
// in mlcommons/tiny, training/keyword_spotting/keras_model.py) with 64 filters: a 10x4 stride-2 convolution, four
// depthwise-separable blocks, dropout, an average pool over (49 / 2, 10 / 2) = (24, 5) and 12 classes.
#include "keras_summary.hpp"
#include "layer_groups.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/ratio.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <cstddef>

namespace zoo {

namespace ds_cnn_parts {
namespace ns = nnstatic;

inline constexpr std::size_t filters = 64;

using separable = group<ns::depthwise_conv2d<3, ns::same>, ns::batch_normalization<>, ns::relu,
                        ns::conv2d<filters, 1, ns::same>, ns::batch_normalization<>, ns::relu>;

using network = sequential_of<
    group<ns::input<49, 10, 1>, ns::conv2d<filters, ns::size2d{10, 4}, ns::strides{2}, ns::same>,
          ns::batch_normalization<>, ns::relu, ns::dropout<ns::ratio{1, 5}>>,  // 25x5x64
    separable, separable, separable, separable,
    group<ns::dropout<ns::ratio{2, 5}>, ns::avg_pool2d<ns::size2d{24, 5}>, ns::flatten, ns::dense<12>, ns::softmax>>;

}  // namespace ds_cnn_parts

using ds_cnn = ds_cnn_parts::network;

/// Keras: "Trainable params: 23,756", "Non-trainable params: 1,152" (nine batch normalizations of 64 channels).
inline constexpr keras_summary ds_cnn_keras{.trainable = 23'756, .non_trainable = 1'152};
static_assert(summary_matches<ds_cnn>(ds_cnn_keras));

}  // namespace zoo
