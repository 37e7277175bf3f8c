#pragma once
// The network whose model files the model_file target loads and the seed generator saves: small, so that a
// valid file (340 bytes as float32) is a reasonable fuzz input, and with every kind of parameter block a
// model file of a real network has (a convolution kernel and bias, a dense kernel and bias).
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

namespace nnstatic::fuzz {

using small_network = sequential<input<4, 4, 1>, conv2d<2, 3>, relu, flatten, dense<3>, softmax>;

}  // namespace nnstatic::fuzz
