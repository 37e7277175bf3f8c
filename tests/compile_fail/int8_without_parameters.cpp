// expect: int8 quantization needs a network with a dense, conv2d or depthwise_conv2d layer
// A network that binds but has no layer with parameters cannot be quantized nor run in int8: one error that says so
// (quantize alone must say it too), and not, after it, the plan reading one past the end of the network's arrays. Twin:
// int8_without_parameters_ok.cpp.
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/quant/quantized_model.hpp>

using no_parameters = nnstatic::sequential<nnstatic::input<4>, nnstatic::relu>;
static_assert(nnstatic::int8_model<no_parameters>::inference_bytes > 0);
auto quantized(const nnstatic::parameters<no_parameters, float>& params) { return nnstatic::quantize(params, {}); }
