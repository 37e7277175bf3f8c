// expect: int8 quantization needs a network with a dense, conv2d or depthwise_conv2d layer
// quantize alone, without an int8_model, on a network that binds but has no layer with parameters: refused with the
// one error that says why, as int8_without_parameters.cpp is (when that check left int8_plan's class body, quantize
// once compiled such a network without a word). Twin: quantize_without_parameters_ok.cpp.
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/quant/quantized_model.hpp>

using no_parameters = nnstatic::sequential<nnstatic::input<4>, nnstatic::relu>;
auto quantized(const nnstatic::parameters<no_parameters, float>& params) { return nnstatic::quantize(params, {}); }
