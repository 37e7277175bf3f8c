// expect: (this loss folds an activation into itself, so the network must end in it .categorical_crossentropy: softmax. binary_crossentropy: sigmoid.*loss_accepts_output<nnstatic::binary_crossentropy, nnstatic::tanh, nnstatic::shape<1> ?>|loss_accepts_output<nnstatic::binary_crossentropy, nnstatic::tanh, nnstatic::shape<1> ?>.*this loss folds an activation into itself, so the network must end in it .categorical_crossentropy: softmax. binary_crossentropy: sigmoid)
// binary_crossentropy on a network ending in tanh. Twin: bce_without_sigmoid_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<1>, nnstatic::tanh>;
using trainer = nnstatic::trainer<net, nnstatic::binary_crossentropy, nnstatic::sgd, 8>;
static_assert(trainer::batch_capacity == 8);
