#pragma once
// The program of unit_dispatch_dispatched_trainer, built as a user's would be: dispatched_trainer_test.cpp with no
// -march (tests/CMakeLists.txt drops it), dispatch_units.cpp compiled once per instruction set by
// nnstatic_add_instruction_sets, and dispatch_plain.cpp on the plain path (NNSTATIC_SIMD_PLAIN), the reference.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/dispatch/entry_points.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace dispatch_program {

namespace nn = nnstatic;

// The reference network's layers at a smaller size: 12 x 12 x 1 -> conv 10 x 10 x 16 -> pool 5 x 5 x 16 -> 400 ->
// 20 -> 10 classes. Sixteen filters fill whole packs of every target; 20 units leave tails on AVX2 and AVX-512.
using net = nn::sequential<nn::input<12, 12, 1>, nn::conv2d<16, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                           nn::dense<20>, nn::relu, nn::dense<10>, nn::softmax>;
inline constexpr std::size_t batch = 8;
inline constexpr std::size_t steps = 3;
inline constexpr nn::adam optimizer{.learning_rate = 0.01};

// What dispatch_units.cpp compiles per instruction set.
using training = nn::dispatch::training<net, nn::categorical_crossentropy, nn::adam, batch>;
using inference = nn::dispatch::inference<net>;

/// The inputs, targets and initial parameters every run starts from.
struct problem {
  std::vector<float> x, targets;
  nn::parameters<net> initial;
};
problem make_problem();

/// What a run of `steps` Adam steps and batch-1 inference of each sample gave.
struct run_result {
  std::string instruction_set;
  std::vector<double> losses;  // each step's mean loss
  std::vector<float> params;   // after the steps
  std::vector<float> outputs;  // batch-1 inference of each sample after the steps
};

/// The same run through nnstatic::trainer and nnstatic::infer on the plain path (dispatch_plain.cpp).
run_result run_plain(const problem& p);

}  // namespace dispatch_program
