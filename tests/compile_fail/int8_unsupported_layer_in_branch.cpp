// expect: int8_form_exists<nnstatic::layer_in_branch<nnstatic::layer_index<1(UL)?>, 0(UL)?, 0(UL)?>, nnstatic::tanh, .*false>.*has no int8 form|has no int8 form.*int8_form_exists<nnstatic::layer_in_branch<nnstatic::layer_index<1(UL)?>, 0(UL)?, 0(UL)?>, nnstatic::tanh,
// A tanh alone inside a concatenate's branch: int8 has no form for it (it is neither a clamp nor after a layer
// whose output is float). The one error names the layer by its path, the first layer of branch 0 of the block at
// layer 1, and its input. Twin: int8_unsupported_layer_in_branch_ok.cpp.
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<8, 8, 2>, ns::conv2d<4, 1>,
                           ns::concatenate<ns::branch<ns::tanh>, ns::branch<ns::conv2d<4, 1>>>, ns::flatten,
                           ns::dense<3>>;

// Never called, but compiled.
auto quantized(const ns::parameters<net, float>& params, std::span<const float> calibration) {
  return ns::quantize(params, calibration);
}
