// Twin of int8_without_parameters.cpp: with a dense layer, the network has an int8 plan.
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/quant/quantized_model.hpp>

using with_parameters = nnstatic::sequential<nnstatic::input<4>, nnstatic::relu, nnstatic::dense<2>>;
static_assert(nnstatic::int8_model<with_parameters>::inference_bytes > 0);
auto quantized(const nnstatic::parameters<with_parameters, float>& params) { return nnstatic::quantize(params, {}); }
