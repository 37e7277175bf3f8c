#pragma once
// ResNet-8, MLPerf Tiny's image-classification model (CIFAR-10, 32x32x3), as its Keras reference code builds it
// (resnet_v1_eembc in mlcommons/tiny, training/image_classification/keras_model.py): a stem of 16 filters and three
// stacks of 16, 32 and 64. The second and third stacks halve the image, and their shortcut is a 1x1 stride-2
// convolution without batch normalization, as there.
#include "keras_summary.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <cstddef>

namespace zoo {

/// ResNet's stacks, as MLPerf Tiny writes them; the Fashion-MNIST example builds its residual network from them too.
namespace resnet_stacks {
namespace ns = nnstatic;

template <std::size_t Filters>
using same_shape_stack = ns::residual<ns::conv2d<Filters, 3, ns::same>, ns::batch_normalization<>, ns::relu,
                                      ns::conv2d<Filters, 3, ns::same>, ns::batch_normalization<>>;

/// Halves the image: its shortcut is a 1x1 stride-2 convolution, followed by `ShortcutLayers` (none in ResNet-8).
template <std::size_t Filters, class... ShortcutLayers>
using halving_stack = ns::add<ns::branch<ns::conv2d<Filters, 3, ns::strides{2}, ns::same>, ns::batch_normalization<>,
                                         ns::relu, ns::conv2d<Filters, 3, ns::same>, ns::batch_normalization<>>,
                              ns::branch<ns::conv2d<Filters, 1, ns::strides{2}, ns::same>, ShortcutLayers...>>;

}  // namespace resnet_stacks

using resnet8 = nnstatic::sequential<
    nnstatic::input<32, 32, 3>,                                                                     //
    nnstatic::conv2d<16, 3, nnstatic::same>, nnstatic::batch_normalization<>, nnstatic::relu,      // stem
    resnet_stacks::same_shape_stack<16>, nnstatic::relu,                                          // 32x32x16
    resnet_stacks::halving_stack<32>, nnstatic::relu,                                             // 16x16x32
    resnet_stacks::halving_stack<64>, nnstatic::relu,                                             // 8x8x64
    nnstatic::avg_pool2d<8>, nnstatic::flatten, nnstatic::dense<10>, nnstatic::softmax>;

/// Keras: "Trainable params: 78,186", "Non-trainable params: 480" (the moving means and variances of 240 channels).
inline constexpr keras_summary resnet8_keras{.trainable = 78'186, .non_trainable = 480};
static_assert(summary_matches<resnet8>(resnet8_keras));

}  // namespace zoo
