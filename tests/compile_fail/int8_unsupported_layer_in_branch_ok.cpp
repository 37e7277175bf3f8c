// Twin of int8_unsupported_layer_in_branch.cpp: with a relu6 in the branch, which int8 runs as a clamp, the
// network is quantized.
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<8, 8, 2>, ns::conv2d<4, 1>,
                           ns::concatenate<ns::branch<ns::relu6>, ns::branch<ns::conv2d<4, 1>>>, ns::flatten,
                           ns::dense<3>>;

// Never called, but compiled.
auto quantized(const ns::parameters<net, float>& params, std::span<const float> calibration) {
  return ns::quantize(params, calibration);
}
