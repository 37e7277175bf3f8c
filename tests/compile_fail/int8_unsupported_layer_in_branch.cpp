// expect: int8_form_exists<nnstatic::layer_in_branch<nnstatic::layer_index<1(UL)?>, 0(UL)?, 0(UL)?>, nnstatic::avg_pool2d<.*false>.*has no int8 form|has no int8 form.*int8_form_exists<nnstatic::layer_in_branch<nnstatic::layer_index<1(UL)?>, 0(UL)?, 0(UL)?>, nnstatic::avg_pool2d<
// An average pool inside a concatenate's branch: int8 has no form for it (its sum would need requantizing). The
// one error names the layer by its path, the first layer of branch 0 of the block at layer 1, and its input.
// Twin: int8_unsupported_layer_in_branch_ok.cpp.
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<8, 8, 2>, ns::conv2d<4, 1>,
                           ns::concatenate<ns::branch<ns::avg_pool2d<3, ns::strides{1}, ns::padding::same>>,
                                           ns::branch<ns::conv2d<4, 1>>>,
                           ns::flatten, ns::dense<3>>;

// Never called, but compiled.
auto quantized(const ns::parameters<net, float>& params, std::span<const float> calibration) {
  return ns::quantize(params, calibration);
}
