#pragma once
// The package consumer's network, and what nnstatic_add_instruction_sets compiles for it per instruction set
// (units.cpp): shared by main.cpp and units.cpp, so it lives in a named namespace (a type of an unnamed one would
// be another type in each translation unit).
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/dispatch/entry_points.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>

#include <cstddef>

namespace consumer {

namespace ns = nnstatic;

// 8 x 8 x 2 -> conv 6 x 6 x 8 -> pool 3 x 3 x 8 -> 72 -> 10 -> 3 classes. Eight filters and ten units fill whole
// SSE2 and AVX2 registers and leave tails, so the vector kernels and their peeled tails both run.
using net = ns::sequential<ns::input<8, 8, 2>, ns::conv2d<8, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                           ns::dense<10>, ns::relu, ns::dense<3>, ns::softmax>;
static_assert(net::param_count == (9 * 2 * 8 + 8) + (72 * 10 + 10) + (10 * 3 + 3));

inline constexpr std::size_t batch = 4;
inline constexpr std::size_t classes = 3;

using training = ns::dispatch::training<net, ns::categorical_crossentropy, ns::sgd, batch>;
using inference = ns::dispatch::inference<net>;

}  // namespace consumer
