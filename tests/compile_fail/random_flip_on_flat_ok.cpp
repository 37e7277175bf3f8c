// Twin of random_flip_on_flat.cpp: random_flip on the image, before flatten, compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/random_flip.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<8, 8, 1>, nnstatic::random_flip<nnstatic::flip_mode::horizontal>,
                                 nnstatic::flatten>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<64>>);
