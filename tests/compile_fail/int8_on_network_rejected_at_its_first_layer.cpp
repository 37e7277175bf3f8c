// expect: (dense needs a flat .1-D. input.*input_is_flat<nnstatic::layer_index<0>, nnstatic::dense<10>, nnstatic::shape<28, 28, 1> ?>|input_is_flat<nnstatic::layer_index<0>, nnstatic::dense<10>, nnstatic::shape<28, 28, 1> ?>.*dense needs a flat .1-D. input)
// A network rejected at its first layer (dense on the image, layer_index<0>) taken down the deployment path: every
// layer is a stand-in without parameters, so the int8 plan finds no layer with parameters at all. The binding's
// error must be the only one: the plan once added "int8 quantization needs a network with a dense or conv2d layer"
// and read its buffer sizes one past the end of the network's arrays. Twin:
// int8_on_network_rejected_at_its_first_layer_ok.cpp.
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/prune/magnitude.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <cstddef>
#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::dense<10>, ns::softmax>;

// Never called, but compiled.
std::size_t deploy(ns::parameters<net, float>& params, std::span<const float> calibration, const float* image) {
  const auto mask = ns::prune_by_magnitude(params, 0.5);
  const auto quantized = ns::quantize(params, calibration);
  static ns::int8_model<net> int8;
  static ns::embedded_model<net> embedded;
  std::size_t int8_label = 0, float_label = 0;
  int8.classify(*quantized, image, int8_label);
  embedded.classify(params, image, float_label);
  return int8_label + float_label + ns::io::header_from(params).text.size() + static_cast<std::size_t>(mask.sparsity());
}
