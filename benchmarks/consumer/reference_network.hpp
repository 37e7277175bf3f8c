#pragma once
// README's network (and benchmarks/runtime/reference_network.hpp's): the issues' speed figures are for it. Shared by
// train_step.cpp and train_step_units.cpp, hence a named namespace.
#include <nnstatic/nnstatic.hpp>

#include <nnstatic/dispatch/entry_points.hpp>

#include <cstddef>

namespace consumer_speed {

namespace ns = nnstatic;

using net = ns::sequential<ns::input<28, 28, 1>,                                         //
                           ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,  //
                           ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
static_assert(net::param_count == 693962);
inline constexpr std::size_t batch = 64;

// What train_step_units.cpp compiles per instruction set for the choice "-O2 + nnstatic_add_instruction_sets".
using training = ns::dispatch::training<net, ns::categorical_crossentropy, ns::adam, batch>;
using inference = ns::dispatch::inference<net>;

}  // namespace consumer_speed
