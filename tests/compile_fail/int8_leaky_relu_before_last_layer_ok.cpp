// Twin of int8_leaky_relu_before_last_layer.cpp: with relu after the convolution, and a leaky_relu after the last
// layer with parameters (which gives float), the network is quantized and run in int8.
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<8, 8, 1>, ns::conv2d<4, 3>, ns::relu, ns::flatten, ns::dense<3>, ns::leaky_relu<>>;

// Never called, but compiled.
float deploy(const ns::parameters<net, float>& params, std::span<const float> calibration, const float* image) {
  const auto quantized = ns::quantize(params, calibration);
  static ns::int8_model<net> int8;
  float scores[3]{};
  int8.run(*quantized, image, scores);
  return scores[0];
}
