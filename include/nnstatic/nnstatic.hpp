#pragma once
/// nnstatic: a network is a type. This header brings in the whole library.
#include <nnstatic/version.hpp>

#include <nnstatic/core/error.hpp>
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/core/inference.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>

#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/input.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <nnstatic/optim/adam.hpp>
#include <nnstatic/optim/sgd.hpp>

#include <nnstatic/train/trainer.hpp>
