// Twin of leaky_relu_zero_denominator.cpp: a slope of 1/10 compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/leaky_relu.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<8>, nnstatic::dense<16>,
                                 nnstatic::leaky_relu<nnstatic::negative_slope{1, 10}>, nnstatic::dense<2>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<2>>);
