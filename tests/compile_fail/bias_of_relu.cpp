// expect: (only layers with parameters .dense, conv2d. have a bias.*layer_has_parameters<nnstatic::detail::bound_elementwise<nnstatic::relu, nnstatic::shape<3> ?>, 1(UL)?>|layer_has_parameters<nnstatic::detail::bound_elementwise<nnstatic::relu, nnstatic::shape<3> ?>, 1(UL)?>.*only layers with parameters .dense, conv2d. have a bias)
// Asking layer 1 (a relu) for its bias. Twin: bias_of_relu_ok.cpp.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu>;
void clear_bias(nnstatic::parameters<net>& params) {
  for (float& b : params.bias<1>()) b = 0;
}
