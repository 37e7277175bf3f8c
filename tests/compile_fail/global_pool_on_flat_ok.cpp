// Twin of global_pool_on_flat.cpp: an image input compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<4, 4, 3>, nnstatic::global_average_pooling2d>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<3>>);
