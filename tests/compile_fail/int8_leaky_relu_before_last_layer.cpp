// expect: int8_form_exists<nnstatic::layer_index<1(UL)?>, nnstatic::leaky_relu<.*false>.*has no int8 form|has no int8 form.*int8_form_exists<nnstatic::layer_index<1(UL)?>, nnstatic::leaky_relu<
// A leaky_relu after a convolution that is not the network's last layer with parameters: the plan's rules fuse it
// into the convolution, and int8 folds only activations that are clamps (relu, relu6) into requantization. One
// error names it, its position and its input; nothing after it. Twin: int8_leaky_relu_before_last_layer_ok.cpp.
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <span>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<8, 8, 1>, ns::conv2d<4, 3>, ns::leaky_relu<>, ns::flatten, ns::dense<3>>;

// Never called, but compiled.
float deploy(const ns::parameters<net, float>& params, std::span<const float> calibration, const float* image) {
  const auto quantized = ns::quantize(params, calibration);
  static ns::int8_model<net> int8;
  float scores[3]{};
  int8.run(*quantized, image, scores);
  return scores[0];
}
