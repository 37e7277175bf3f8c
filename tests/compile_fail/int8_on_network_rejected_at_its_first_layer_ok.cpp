// Twin of int8_on_network_rejected_at_its_first_layer.cpp: with flatten before dense, the network is pruned,
// quantized, classified in int8 and by embedded_model, and exported as a header.
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/prune/magnitude.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <cstddef>
#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::flatten, ns::dense<10>, ns::softmax>;

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
