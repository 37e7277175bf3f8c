// Twin of kernel_of_relu.cpp: layer 0 (the dense) has a kernel and a bias.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu>;
float first_weight(const nnstatic::parameters<net>& params) { return params.kernel<0>()[0]; }
float first_bias(const nnstatic::parameters<net>& params) { return params.bias<0>()[0]; }
