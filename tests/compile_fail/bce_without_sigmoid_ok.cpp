// Twin of bce_without_sigmoid.cpp: the network ends in sigmoid.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<1>, nnstatic::tanh, nnstatic::sigmoid>;
using trainer = nnstatic::trainer<net, nnstatic::binary_crossentropy, nnstatic::sgd, 8>;
static_assert(trainer::batch_capacity == 8);
