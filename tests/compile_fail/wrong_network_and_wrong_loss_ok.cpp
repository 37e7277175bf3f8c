// Twin of wrong_network_and_wrong_loss.cpp: with flatten before dense and softmax at the end, the network trains
// with categorical_crossentropy.
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                           ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
using trainer = ns::trainer<net, ns::categorical_crossentropy, ns::adam, 256>;
static_assert(trainer::batch_capacity == 256);
