#pragma once
// The network behind exported/residual_model.hpp, a small ResNet written by io::export_header and checked in like
// exported/folded_model.hpp (tests/unit/io/exported_headers_test.cpp proves it current, and
// tests/unit/embedded/exported_residual_test.cpp compiles and runs it on the embedded path alone).
//
// ResNet's two kinds of block: one that keeps the shape (its main path conv, batch normalization, relu, a
// depthwise convolution and batch normalization; the identity shortcut) and one that halves the image (a stride-2
// main path and a 1x1 stride-2 projection shortcut with its own batch normalization), each followed by relu; then
// a batch normalization after an activation, which nothing can fold and which the device runs from its moving
// statistics, and global average and max pooling side by side.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <cstddef>
#include <memory>

namespace exported_residual_network {

namespace ns = nnstatic;

using same_shape_block = ns::residual<ns::conv2d<4, 3, ns::same>, ns::batch_normalization<>, ns::relu,
                                      ns::depthwise_conv2d<3, ns::same>, ns::batch_normalization<>>;
using halving_block = ns::add<ns::branch<ns::conv2d<8, 3, ns::strides{2}, ns::same>, ns::batch_normalization<>,
                                         ns::relu, ns::conv2d<8, 3, ns::same>, ns::batch_normalization<>>,
                              ns::branch<ns::conv2d<8, 1, ns::strides{2}>, ns::batch_normalization<>>>;

using trained =
    ns::sequential<ns::input<8, 8, 1>, ns::conv2d<4, 3, ns::same>, ns::batch_normalization<>, ns::relu,
                   same_shape_block, ns::relu, halving_block, ns::relu, ns::batch_normalization<>,
                   ns::concatenate<ns::branch<ns::global_average_pooling2d>, ns::branch<ns::global_max_pooling2d>>,
                   ns::dense<5>, ns::softmax>;

// The channels of each batch normalization, in order; each keeps its moving means, then its moving variances.
inline constexpr std::size_t normalized_channels[] = {4, 4, 4, 8, 8, 8, 8};
static_assert(trained::state_count == 2 * (4 + 4 + 4 + 8 + 8 + 8 + 8));

// Parameters and moving statistics as training would leave them: no two alike, means small enough that the relus
// after them keep some of every layer's values, variances well above zero.
inline std::unique_ptr<ns::parameters<trained>> parameters() {
  auto params = std::make_unique<ns::parameters<trained>>();
  ns::glorot_uniform(*params, 21);
  ns::random_engine random(22);
  for (float& value : params->values) value += static_cast<float>(random.uniform(-0.2, 0.2));
  float* state = params->state.data();
  for (const std::size_t channels : normalized_channels) {
    for (std::size_t c = 0; c < channels; ++c) *state++ = static_cast<float>(random.uniform(-0.3, 0.3));
    for (std::size_t c = 0; c < channels; ++c) *state++ = static_cast<float>(random.uniform(0.25, 2.0));
  }
  return params;
}

// Where the checked-in header lives, and how it says where its weights came from.
inline constexpr const char* header_name = "residual_model";
inline constexpr const char* source =
    "tests/unit/embedded/exported_residual_network.hpp; "
    "NNSTATIC_WRITE_EXPORTED_HEADERS=1 unit_io_exported_headers rewrites it";

}  // namespace exported_residual_network
