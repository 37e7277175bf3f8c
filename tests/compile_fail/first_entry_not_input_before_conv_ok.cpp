// Twin of first_entry_not_input_before_conv.cpp: with input<...> first, the conv2d binds to the image.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<5, 5, 1>, nnstatic::conv2d<2, 3>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<3, 3, 2>>);
