// expect: (a conv2d kernel must not be larger than its input .use padding::same or a smaller kernel. .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*window_fits_input<nnstatic::layer_index<3>, nnstatic::conv2d<16, nnstatic::size2d.15, 15.>, nnstatic::shape<13, 13, 8> ?>|window_fits_input<nnstatic::layer_index<3>, nnstatic::conv2d<16, nnstatic::size2d.15, 15.>, nnstatic::shape<13, 13, 8> ?>.*a conv2d kernel must not be larger than its input .use padding::same or a smaller kernel. .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A second convolution whose 15x15 kernel is larger than the 13x13 map it meets, in the middle of a longer network.
// It must be the only error: before the binding stopped at it, g++ went on to a misleading second error about the
// pooling window after it, on the shape<0, 0, 16> this convolution would have produced. Twin:
// kernel_too_large_in_the_middle_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<8, 3>, ns::relu, ns::max_pool2d<2>, ns::conv2d<16, 15>,
                           ns::relu, ns::max_pool2d<2>, ns::flatten, ns::dense<10>, ns::softmax>;
static_assert(net::layer_count > 0);
