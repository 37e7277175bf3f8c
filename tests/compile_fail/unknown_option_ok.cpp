// Twin of unknown_option.cpp: the stride written as an option compiles, and may exceed the kernel.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::conv2d<8, 3, nnstatic::strides{2}>,
                                 nnstatic::conv2d<4, 1, nnstatic::strides{3}>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<2, 2, 4>>);
