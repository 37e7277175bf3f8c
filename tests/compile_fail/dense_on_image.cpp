// expect: (dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_flat<nnstatic::layer_index<2>, nnstatic::dense<128>, nnstatic::shape<26, 26, 32> ?>|input_is_flat<nnstatic::layer_index<2>, nnstatic::dense<128>, nnstatic::shape<26, 26, 32> ?>.*dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// dense straight after an image layer, without flatten. The diagnostic must say what to do (put flatten in between)
// and name the layer, its position and the shape it was given, here the third layer (layer_index<2>, which is
// net::layer<2>) and the 26x26x32 output of the conv2d. g++ 12 prints the sentence and then the note
// "'input_is_flat<layer_index<2>, dense<128>, shape<26, 26, 32> >' evaluates to false"; clang 16 prints the
// requirement first, on the same line; the regex takes either order. Twin: dense_on_image_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

using net =
    nnstatic::sequential<nnstatic::input<28, 28, 1>, nnstatic::conv2d<32, 3>, nnstatic::relu, nnstatic::dense<128>>;
static_assert(net::param_count > 0);
