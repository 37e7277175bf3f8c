// expect: (dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_flat<nnstatic::layer_index<3>, nnstatic::dense<128>, nnstatic::shape<13, 13, 32> ?>|input_is_flat<nnstatic::layer_index<3>, nnstatic::dense<128>, nnstatic::shape<13, 13, 32> ?>.*dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// The reference network of the README without its flatten, as a user would write it: the network, a trainer and a
// model. dense, the fourth layer (layer_index<3>: net::layer<3>, input<...> not counted), meets the 13x13x32 output
// of the pool. That must be the only error: before the binding stopped at it, clang went on with
// `chain_list<int>` in the fusion plan and "output_shape (aka int) is not a class" in the model, and every later
// use of the network added more. Twin: reference_network_without_flatten_ok.cpp.
#include <nnstatic/core/model.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::dense<128>,
                           ns::relu, ns::dense<10>, ns::softmax>;
using trainer = ns::trainer<net, ns::categorical_crossentropy, ns::adam, 256>;
static_assert(trainer::batch_capacity == 256);
static_assert(sizeof(ns::model<net>) > 0);
static_assert(ns::model<net>::input_size == 28 * 28);
