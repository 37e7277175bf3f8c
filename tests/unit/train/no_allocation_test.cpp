// A training step, evaluation and inference allocate nothing: the trainer plans all its memory from the network
// type and allocates it once, at construction. Every global operator new and delete of this program is replaced by
// a counting one (tests/support/allocation_watch.hpp: plain, array, aligned, nothrow), and the count is read around
// the calls under test. The count is also checked to grow when the trainer is made, which proves that the counter
// sees the allocations it is meant to see (the workspace is over-aligned, so that goes through aligned new). No
// doctest macro runs inside a counted region, since doctest may allocate itself.
#include "../../support/allocation_watch.hpp"

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace {

/// How many allocations `run` makes (tests/support/allocation_watch.hpp counts them).
template <class Run>
std::size_t allocations_during(Run&& run) {
  return nnstatic::testing::allocations_during(run).count;
}

}  // namespace

namespace {

namespace nn = nnstatic;

using cnn = nn::sequential<nn::input<8, 8, 1>, nn::conv2d<4, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                           nn::dense<10>, nn::softmax>;
using cnn_same = nn::sequential<nn::input<7, 7, 2>, nn::conv2d<3, 3, nn::strides{2}, nn::padding::same>, nn::tanh,
                                nn::avg_pool2d<2, nn::padding::same>, nn::flatten, nn::dense<1>, nn::sigmoid>;
// The network of the examples and benchmarks (benchmarks/runtime/reference_network.hpp). Its dense<128> has
// 5408 x 128 weights, which the trainer splits by rows across the team: the path a smaller network never takes.
using reference_network = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>,
                                         nn::flatten, nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
static_assert(nn::fusion::plan<reference_network>::at<1>::first_layer == 4 &&
                  nn::fusion::plan<reference_network>::at<1>::split_weights,
              "the reference network's dense<128> must be the stage whose weights are split across threads");
static_assert(!nn::fusion::plan<cnn>::at<1>::split_weights, "the small CNN's dense layer is split by samples");
constexpr std::size_t capacity = 8;

/// Capacity-sized inputs and one-hot (or 0/1) targets.
template <class Net>
struct batch_data {
  std::vector<float> x = std::vector<float>(capacity * Net::input_shape::size);
  std::vector<float> y = std::vector<float>(capacity * Net::output_shape::size);
  batch_data() {
    nn::random_engine rng(21);
    for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
    constexpr std::size_t width = Net::output_shape::size;
    for (std::size_t n = 0; n < capacity; ++n) y[n * width + n % width] = 1;
  }
};

}  // namespace

TEST_CASE("no allocation: the counter sees plain, array, aligned and nothrow allocations") {
  struct alignas(64) line {
    float values[16];
  };
  auto keep = [](auto* p) { return nnstatic::testing::escape(p); };
  CHECK(allocations_during([&] { delete keep(new int(1)); }) == 1);
  CHECK(allocations_during([&] { delete[] keep(new int[3]); }) == 1);
  CHECK(allocations_during([&] { delete keep(new line); }) == 1);
  CHECK(allocations_during([&] { delete[] keep(new line[2]); }) == 1);
  CHECK(allocations_during([&] { delete keep(new (std::nothrow) int(1)); }) == 1);
  CHECK(allocations_during([&] { delete[] keep(new (std::nothrow) line[2]); }) == 1);
  CHECK(allocations_during([&] { keep(std::vector<int>(100).data()); }) == 1);
}

TEST_CASE("no allocation: trainer steps, evaluation and gradients of a small CNN (adam, categorical_crossentropy)") {
  using trainer_type = nn::trainer<cnn, nn::categorical_crossentropy, nn::adam, capacity>;
  const batch_data<cnn> data;
  auto params = std::make_unique<nn::parameters<cnn>>();
  nn::glorot_uniform(*params, 1);

  std::unique_ptr<trainer_type> trainer;
  const std::size_t at_construction = allocations_during([&] { trainer = std::make_unique<trainer_type>(); });
  CHECK(at_construction > 0);  // the counter works, and the trainer allocated its workspace here

  nn::batch_result results[5];
  const std::size_t in_steps = allocations_during([&] {
    results[0] = trainer->step(*params, data.x.data(), data.y.data(), capacity);
    results[1] = trainer->step(*params, data.x.data(), data.y.data(), capacity);
    results[2] = trainer->step(*params, data.x.data(), data.y.data(), 5);  // a short last batch
    results[3] = trainer->evaluate(*params, data.x.data(), data.y.data(), capacity);
    results[4] = trainer->compute_gradient(*params, data.x.data(), data.y.data(), 5);
    (void)trainer->outputs(5);
    (void)trainer->param_grad();
  });
  CHECK(in_steps == 0);
  CHECK(results[0].samples == capacity);
  CHECK(results[2].samples == 5);
  CHECK(results[3].loss_sum < results[0].loss_sum);  // the steps did train
}

// On exactly 1 and 2 threads, whatever the machine has: with 2 each thread owns half of dense<128>'s row blocks,
// reduces nothing and updates its own rows, and the threads meet at the team's barriers.
TEST_CASE("no allocation: the reference network's steps, evaluation and gradients on 1 and 2 threads (weights split)") {
  using trainer_type = nn::trainer<reference_network, nn::categorical_crossentropy, nn::adam, capacity>;
  const batch_data<reference_network> data;
  for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    CAPTURE(threads);
    auto params = std::make_unique<nn::parameters<reference_network>>();
    nn::glorot_uniform(*params, 5);
    std::unique_ptr<trainer_type> trainer;
    CHECK(allocations_during([&] { trainer = std::make_unique<trainer_type>(nn::adam{}, threads); }) > 0);
    REQUIRE(trainer->threads() == threads);

    const std::vector<float> before(params->values.begin(), params->values.end());
    nn::batch_result results[6];
    const std::size_t in_steps = allocations_during([&] {
      results[0] = trainer->step(*params, data.x.data(), data.y.data(), capacity);
      for (int i = 1; i < 4; ++i) results[i] = trainer->step(*params, data.x.data(), data.y.data(), capacity);
      results[4] = trainer->step(*params, data.x.data(), data.y.data(), 3);  // a short batch: shares of 2 and 1
      results[5] = trainer->evaluate(*params, data.x.data(), data.y.data(), capacity);
      (void)trainer->compute_gradient(*params, data.x.data(), data.y.data(), 1);  // one thread has no sample
    });
    CHECK(in_steps == 0);
    CHECK(results[4].samples == 3);
    CHECK(results[5].loss_sum < results[0].loss_sum);  // the steps did train
    // Both halves of dense<128>'s weights moved: each thread updated its own rows.
    constexpr std::size_t hidden = reference_network::param_offset<4>;
    constexpr std::size_t half = reference_network::layer<4>::kernel_size / 2;
    const auto moved = [&](std::size_t first, std::size_t last) {
      for (std::size_t i = first; i < last; ++i)
        if (params->values[i] != before[i]) return true;
      return false;
    };
    CHECK(moved(hidden, hidden + half));
    CHECK(moved(hidden + half, hidden + 2 * half));
  }
}

TEST_CASE("no allocation: trainer steps with padding::same, average pooling, sgd momentum and binary_crossentropy") {
  using trainer_type = nn::trainer<cnn_same, nn::binary_crossentropy, nn::sgd, capacity>;
  const batch_data<cnn_same> data;
  nn::parameters<cnn_same> params;
  nn::glorot_uniform(params, 2);
  std::unique_ptr<trainer_type> trainer;
  CHECK(allocations_during([&] { trainer = std::make_unique<trainer_type>(nn::sgd{.momentum = 0.9}); }) > 0);
  const std::size_t in_steps = allocations_during([&] {
    for (int i = 0; i < 3; ++i) trainer->step(params, data.x.data(), data.y.data(), capacity);
    trainer->step(params, data.x.data(), data.y.data(), 5);
  });
  CHECK(in_steps == 0);
}

// A residual network: its blocks' branches run their own plans inside the block's stage, which keeps the inner
// activations and gradients in its saved region; on 2 threads, the threads meet at the branches' barriers.
using residual_network =
    nn::sequential<nn::input<8, 8, 2>, nn::conv2d<4, 1>, nn::relu,
                   nn::residual<nn::conv2d<4, 1>, nn::relu, nn::conv2d<4, 1>>, nn::relu,
                   nn::add<nn::branch<nn::conv2d<6, 3>, nn::relu, nn::conv2d<6, 1>>, nn::branch<nn::conv2d<6, 3>>>,
                   nn::relu, nn::flatten, nn::dense<10>, nn::softmax>;

TEST_CASE("no allocation: a residual network's steps, evaluation, gradients and inference on 2 threads") {
  using trainer_type = nn::trainer<residual_network, nn::categorical_crossentropy, nn::adam, capacity>;
  const batch_data<residual_network> data;
  auto params = std::make_unique<nn::parameters<residual_network>>();
  nn::glorot_uniform(*params, 7);
  std::unique_ptr<trainer_type> trainer;
  CHECK(allocations_during([&] { trainer = std::make_unique<trainer_type>(nn::adam{}, 2); }) > 0);
  REQUIRE(trainer->threads() == 2);
  auto workspace = std::make_unique<nn::inference_workspace<residual_network, float, capacity>>();
  std::array<float, capacity * 10> y{};
  nn::batch_result results[4];
  const std::size_t in_steps = allocations_during([&] {
    results[0] = trainer->step(*params, data.x.data(), data.y.data(), capacity);
    for (int i = 1; i < 3; ++i) results[i] = trainer->step(*params, data.x.data(), data.y.data(), capacity);
    (void)trainer->step(*params, data.x.data(), data.y.data(), 3);  // a short batch
    results[3] = trainer->evaluate(*params, data.x.data(), data.y.data(), capacity);
    (void)trainer->compute_gradient(*params, data.x.data(), data.y.data(), 1);  // one thread has no sample
    nn::infer(*params, data.x.data(), y.data(), capacity, *workspace);
  });
  CHECK(in_steps == 0);
  CHECK(results[3].loss_sum < results[0].loss_sum);  // the steps did train
}

TEST_CASE("no allocation: infer, full and short batches") {
  const batch_data<cnn> data;
  auto params = std::make_unique<nn::parameters<cnn>>();
  nn::glorot_uniform(*params, 3);
  auto workspace = std::make_unique<nn::inference_workspace<cnn, float, capacity>>();
  std::array<float, capacity * 10> y{};
  const std::size_t in_inference = allocations_during([&] {
    nn::infer(*params, data.x.data(), y.data(), capacity, *workspace);
    nn::infer(*params, data.x.data(), y.data(), 5, *workspace);
  });
  CHECK(in_inference == 0);
  float sum = 0;
  for (std::size_t k = 0; k < 10; ++k) sum += y[k];
  CHECK(static_cast<double>(sum) == doctest::Approx(1.0).epsilon(1e-6));  // a softmax row: the call did run

  // The reference network, whose inference runs the same stages on one thread.
  auto reference_params = std::make_unique<nn::parameters<reference_network>>();
  nn::glorot_uniform(*reference_params, 6);
  const batch_data<reference_network> reference_data;
  auto reference_workspace = std::make_unique<nn::inference_workspace<reference_network, float, capacity>>();
  std::array<float, capacity * 10> reference_y{};
  const std::size_t in_reference_inference = allocations_during([&] {
    nn::infer(*reference_params, reference_data.x.data(), reference_y.data(), capacity, *reference_workspace);
  });
  CHECK(in_reference_inference == 0);
  CHECK(reference_y[0] > 0.0f);  // a softmax probability: the call did run

  // The workspace can live on the stack as well: its size is all the memory inference needs.
  nn::parameters<cnn_same> small;
  nn::glorot_uniform(small, 4);
  const batch_data<cnn_same> same_data;
  std::array<float, capacity> out{};
  const std::size_t on_stack = allocations_during([&] {
    nn::inference_workspace<cnn_same, float, capacity> local;
    nn::infer(small, same_data.x.data(), out.data(), 5, local);
  });
  CHECK(on_stack == 0);
}
