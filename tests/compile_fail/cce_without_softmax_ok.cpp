// Twin of cce_without_softmax.cpp: the network ends in softmax, and the same network without softmax is fine with
// a loss that folds nothing (mean_squared_error).
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu, nnstatic::softmax>;
using trainer = nnstatic::trainer<net, nnstatic::categorical_crossentropy, nnstatic::sgd, 8>;
static_assert(trainer::batch_capacity == 8);

using relu_net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu>;
using mse_trainer = nnstatic::trainer<relu_net, nnstatic::mean_squared_error, nnstatic::sgd, 8>;
static_assert(mse_trainer::output_size == 3);
