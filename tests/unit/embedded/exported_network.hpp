#pragma once
// The network behind exported/folded_model.hpp, a header written by io::export_header and checked in: its
// parameters are made here, from fixed seeds, so that tests/unit/io/exported_headers_test.cpp can prove the file is
// what export_header writes today, and tests/unit/embedded/exported_header_test.cpp can compile and run it.
//
// Batch normalization follows conv2d, depthwise_conv2d, dense and a conv2d inside a residual block, so the exported
// network has none; dropout, relu6, leaky_relu, depthwise_conv2d, a concatenate and global pooling are there because
// embedded/inference.hpp includes none of them: the exported header must.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/ratio.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <memory>

namespace exported_network {

namespace ns = nnstatic;

using trained =
    ns::sequential<ns::input<6, 6, 2>, ns::conv2d<4, 3, ns::same>, ns::batch_normalization<>, ns::relu,
                   ns::depthwise_conv2d<3, ns::same>, ns::batch_normalization<>, ns::relu6,
                   ns::residual<ns::conv2d<4, 1>, ns::batch_normalization<>, ns::leaky_relu<>>,
                   ns::concatenate<ns::branch<ns::conv2d<2, 1>>, ns::branch<>>, ns::max_pool2d<2>,
                   ns::global_average_pooling2d, ns::dense<5>, ns::batch_normalization<>, ns::dropout<ns::ratio{1, 4}>,
                   ns::tanh, ns::dense<3>, ns::softmax>;

// Parameters and moving statistics as training would leave them: no two alike, variances well above zero.
inline std::unique_ptr<ns::parameters<trained>> parameters() {
  auto params = std::make_unique<ns::parameters<trained>>();
  ns::glorot_uniform(*params, 11);
  ns::random_engine random(12);
  for (float& value : params->values) value += static_cast<float>(random.uniform(-0.2, 0.2));
  for (float& value : params->state) value = static_cast<float>(random.uniform(0.25, 2.0));
  return params;
}

// Where the checked-in header lives, and how it says where its weights came from.
inline constexpr const char* header_name = "folded_model";
inline constexpr const char* source =
    "tests/unit/embedded/exported_network.hpp; NNSTATIC_WRITE_EXPORTED_HEADERS=1 unit_io_exported_headers rewrites it";

}  // namespace exported_network
