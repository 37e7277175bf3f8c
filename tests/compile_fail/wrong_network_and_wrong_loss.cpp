// expect: (dense needs a flat .1-D. input.*input_is_flat<nnstatic::layer_index<3>, nnstatic::dense<128>, nnstatic::shape<13, 13, 32> ?>|input_is_flat<nnstatic::layer_index<3>, nnstatic::dense<128>, nnstatic::shape<13, 13, 32> ?>.*dense needs a flat .1-D. input)
// Two mistakes at once: the reference network without its flatten and without its softmax, trained with
// categorical_crossentropy, which folds a softmax the network does not end in. The binding reports the first
// mistake (dense at layer_index<3> on the 13x13x32 pool output), and the trainer must stay quiet about the second:
// a rejected network's last layer is a stand-in, and the loss check once added its error on it. Twin:
// wrong_network_and_wrong_loss_ok.cpp.
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::dense<128>,
                           ns::relu, ns::dense<10>>;
using trainer = ns::trainer<net, ns::categorical_crossentropy, ns::adam, 256>;
static_assert(trainer::batch_capacity == 256);
