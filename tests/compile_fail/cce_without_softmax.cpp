// expect: (this loss folds an activation into itself, so the network must end in it .categorical_crossentropy: softmax. binary_crossentropy: sigmoid.*loss_accepts_output<nnstatic::categorical_crossentropy, nnstatic::relu, nnstatic::shape<3> ?>|loss_accepts_output<nnstatic::categorical_crossentropy, nnstatic::relu, nnstatic::shape<3> ?>.*this loss folds an activation into itself, so the network must end in it .categorical_crossentropy: softmax. binary_crossentropy: sigmoid)
// categorical_crossentropy works on the logits that enter a softmax, so a network ending in relu would be trained
// against the wrong quantity; the trainer refuses it. Twin: cce_without_softmax_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::relu>;
using trainer = nnstatic::trainer<net, nnstatic::categorical_crossentropy, nnstatic::sgd, 8>;
static_assert(trainer::batch_capacity == 8);
