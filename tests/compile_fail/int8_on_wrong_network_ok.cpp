// Twin of int8_on_wrong_network.cpp: with flatten before dense, the network is pruned, quantized, run and classified
// in int8 and by embedded_model, and exported as a header.
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/prune/gradual.hpp>
#include <nnstatic/prune/magnitude.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <cstddef>
#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                           ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;

// Never called, but compiled.
std::size_t deploy(ns::parameters<net, float>& params, std::span<const float> calibration, const float* image) {
  const auto mask = ns::prune_by_magnitude(params, 0.5);
  ns::prune_gradually<net> pruning({.final_sparsity = 0.9});
  const auto quantized = ns::quantize(params, calibration);
  static ns::int8_model<net> int8;
  static ns::embedded_model<net> embedded;
  std::size_t int8_label = 0, float_label = 0;
  float scores[ns::int8_model<net>::output_size];
  int8.run(*quantized, image, scores);
  int8.classify(*quantized, image, int8_label);
  embedded.run(params, image, scores);
  embedded.classify(params, image, float_label);
  const auto header = ns::io::header_from(params);
  return int8_label + float_label + header.text.size() + static_cast<std::size_t>(mask.sparsity()) + pruning.step() +
         ns::int8_model<net>::inference_bytes + ns::embedded_model<net>::inference_bytes;
}
