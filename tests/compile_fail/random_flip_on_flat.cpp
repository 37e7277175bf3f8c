// expect: random_flip mirrors images: it needs an input of shape <height, width, channels>.*input_is_image<nnstatic::layer_index<1>, nnstatic::random_flip<nnstatic::flip_mode::horizontal>, nnstatic::shape<64> ?>|input_is_image<nnstatic::layer_index<1>, nnstatic::random_flip<nnstatic::flip_mode::horizontal>, nnstatic::shape<64> ?>.*random_flip mirrors images: it needs an input of shape <height, width, channels>
// random_flip after flatten. Twin: random_flip_on_flat_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/random_flip.hpp>

using net = nnstatic::sequential<nnstatic::input<8, 8, 1>, nnstatic::flatten,
                                 nnstatic::random_flip<nnstatic::flip_mode::horizontal>>;
static_assert(net::layer_count > 0);
