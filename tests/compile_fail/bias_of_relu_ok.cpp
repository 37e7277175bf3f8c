// Twin of bias_of_relu.cpp: layer 0 (the dense) has a bias.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu>;
void clear_bias(nnstatic::parameters<net>& params) {
  for (float& b : params.bias<0>()) b = 0;
}
