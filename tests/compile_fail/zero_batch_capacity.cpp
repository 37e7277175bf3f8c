// expect: a trainer's batch capacity must be at least 1
// A trainer for batches of at most 0 samples. Twin: zero_batch_capacity_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<1>, nnstatic::sigmoid>;
using trainer = nnstatic::trainer<net, nnstatic::binary_crossentropy, nnstatic::sgd, 0>;
static_assert(trainer::input_size == 4);
