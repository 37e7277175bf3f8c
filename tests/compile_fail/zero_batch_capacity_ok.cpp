// Twin of zero_batch_capacity.cpp: a batch capacity of 1 compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<1>, nnstatic::sigmoid>;
using trainer = nnstatic::trainer<net, nnstatic::binary_crossentropy, nnstatic::sgd, 1>;
static_assert(trainer::input_size == 4);
