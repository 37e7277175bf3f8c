// Twin of repeated_option.cpp: each option once compiles; overlapping windows (stride 1 < window 2) too.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>

#include <type_traits>

using net =
    nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::avg_pool2d<2, nnstatic::strides{1}, nnstatic::same>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<9, 9, 1>>);
