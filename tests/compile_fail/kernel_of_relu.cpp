// expect: (only layers with parameters .dense, conv2d. have a kernel.*layer_has_parameters<nnstatic::detail::bound_elementwise<nnstatic::relu, nnstatic::shape<3> ?>, 1(UL)?>|layer_has_parameters<nnstatic::detail::bound_elementwise<nnstatic::relu, nnstatic::shape<3> ?>, 1(UL)?>.*only layers with parameters .dense, conv2d. have a kernel)
// Asking layer 1 (a relu) for its kernel. Twin: kernel_of_relu_ok.cpp.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu>;
float first_weight(const nnstatic::parameters<net>& params) { return params.kernel<1>()[0]; }
