// plan_chain: what a chain keeps for backward, what it shares by liveness, what runs in place, and when the last
// step writes the caller's output; plan_activations, inference's special case of it.
#include <nnstatic/core/activation_plan.hpp>

#include <doctest/doctest.h>

#include <array>

namespace {

using nnstatic::chain_step;
using nnstatic::output_place;
using nnstatic::plan_chain;
using nnstatic::plan_activations;

// conv (backward reads x), batch normalization (reads what it saved), relu (reads y), conv, batch normalization:
// ResNet's branch, in units of one feature map.
constexpr std::array<chain_step, 5> resnet_branch{chain_step{10, false, true, false}, chain_step{10, true, false, false},
                                                  chain_step{10, true, false, true}, chain_step{10, false, true, false},
                                                  chain_step{10, true, false, false}};

}  // namespace

TEST_CASE("plan_chain: ResNet's branch keeps only the relu's output, which the relu and the next conv read") {
  constexpr auto plan = plan_chain(resnet_branch, true);
  // The first batch normalization and the relu write over the first conv's output; that buffer is kept. The
  // second conv's output lives from its forward to the second batch normalization's, which writes the caller's
  // output.
  static_assert(plan.kept_size == 10 && plan.arena_size == 10);
  static_assert(plan.place[0] == output_place::kept && plan.place[1] == output_place::kept &&
                plan.place[2] == output_place::kept);
  static_assert(!plan.in_place[0] && plan.in_place[1] && plan.in_place[2] && !plan.in_place[3]);
  static_assert(plan.place[3] == output_place::arena && plan.offset[3] == 0);
  static_assert(plan.place[4] == output_place::destination);
  // Without the caller's output the last batch normalization writes over the second conv's output, for a merge.
  constexpr auto apart = plan_chain(resnet_branch, false);
  static_assert(apart.kept_size == 10 && apart.arena_size == 10);
  static_assert(apart.place[4] == output_place::arena && apart.in_place[4] && apart.offset[4] == apart.offset[3]);
  CHECK(plan.kept_size + plan.arena_size == 20);  // where keeping every output would take 50
}

TEST_CASE("plan_chain: in inference nothing is kept, and only a pair of outputs is live") {
  std::array<chain_step, 5> inference = resnet_branch;
  for (chain_step& step : inference) step.backward_reads_input = step.backward_reads_output = false;
  constexpr auto plan = [] {
    std::array<chain_step, 5> steps = resnet_branch;
    for (chain_step& step : steps) step.backward_reads_input = step.backward_reads_output = false;
    return plan_chain(steps, false);
  }();
  static_assert(plan.kept_size == 0 && plan.arena_size == 20);
  // Sides alternate between outputs that are live together; in-place steps stay on their input's.
  static_assert(plan.offset[0] == 0 && plan.offset[1] == 0 && plan.offset[2] == 0);
  static_assert(plan.offset[3] == 10 && plan.offset[4] == 10 && plan.in_place[4]);
  CHECK(plan_chain(inference, false).arena_size == plan.arena_size);
}

TEST_CASE("plan_chain: an output that the next backward reads survives its successor, which cannot run in place") {
  // An activation whose backward reads its input, before one that could run in place: the input must stay.
  constexpr std::array<chain_step, 3> steps{chain_step{8, false, false, false}, chain_step{8, true, true, false},
                                            chain_step{4, true, false, false}};
  constexpr auto plan = plan_chain(steps, true);
  static_assert(plan.place[0] == output_place::kept && !plan.in_place[1]);
  static_assert(plan.place[1] == output_place::arena && plan.place[2] == output_place::destination);
  static_assert(plan.kept_size == 8 && plan.arena_size == 8);
  // A last step whose own backward reads its output is kept rather than written where a merge changes it.
  constexpr std::array<chain_step, 2> reads_last{chain_step{8, false, true, false}, chain_step{8, true, false, true}};
  constexpr auto kept_last = plan_chain(reads_last, true);
  static_assert(kept_last.place[1] == output_place::kept && kept_last.in_place[1] && kept_last.kept_size == 8);
  CHECK(kept_last.arena_size == 0);
}

TEST_CASE("plan_activations: the reference network's inference arena is its largest live pair") {
  // conv 26x26x32, relu, pool 13x13x32, flatten, dense 128, relu, dense 10, softmax
  constexpr auto plan = plan_activations<8>({21632, 21632, 5408, 5408, 128, 128, 10, 10},
                                            {false, true, false, true, false, true, false, true});
  static_assert(plan.size == 21632 + 5408);
  static_assert(plan.offset[0] == 0 && plan.offset[1] == 0 && plan.offset[2] == plan.size - 5408);
  static_assert(plan.offset[3] == plan.offset[2] && plan.offset[4] == 0 && plan.offset[6] == plan.size - 10);
  CHECK(plan.size == 27040);
}
