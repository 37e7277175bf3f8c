// expect: (dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_flat<nnstatic::layer_index<2>, nnstatic::dense<32>, nnstatic::shape<26, 26, 8> ?>|input_is_flat<nnstatic::layer_index<2>, nnstatic::dense<32>, nnstatic::shape<26, 26, 8> ?>.*dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// Two wrong layers: dense without flatten (layer_index<2>) and, further on, a dense of no units (layer_index<4>).
// Only the first is reported; the binding checks nothing after it, so fixing it shows the second. Twin:
// two_wrong_layers_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<8, 3>, ns::relu, ns::dense<32>, ns::relu, ns::dense<0>,
                           ns::softmax>;
static_assert(net::layer_count > 0);
