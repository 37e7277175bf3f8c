// Batch normalization on a team: its statistics are per channel, so layer_stage shares its channels between the
// threads (core/layer_protocol.hpp's channel-range forms), each over the whole batch. The stage gives the bits of
// the layer run whole on one thread, whatever the team; a trainer gives the same parameters and moving statistics
// after steps on 1, 2 and 3 threads.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/thread_pool.hpp>
#include <nnstatic/fusion/layer_stage.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;

using bound_bn = nn::batch_normalization<>::bind<nn::shape<3, 4, 7>>;
using bn_stage = fusion::layer_stage<nn::simd::native, bound_bn, nn::shape<3, 4, 7>>;
static_assert(nn::channel_range_layer<bound_bn, float> && nn::channel_range_layer<bound_bn, double>);
static_assert(bn_stage::splits_channels<float> && bn_stage::splits_channels<double>);

template <class T>
std::vector<T> uniform(std::size_t count, std::uint64_t seed, double low, double high) {
  nn::random_engine rng(seed);
  std::vector<T> values(count);
  for (T& v : values) v = static_cast<T>(rng.uniform(low, high));
  return values;
}

template <class T>
struct pass {
  std::vector<T> y, saved, state, grad, dx;
};

/// The layer as written, whole, on one thread: the training forward, then backward from dy.
template <class T>
pass<T> layer_alone(const std::vector<T>& params, std::vector<T> state, const std::vector<T>& x,
                    const std::vector<T>& dy, std::size_t batch) {
  pass<T> r{std::vector<T>(x.size()), std::vector<T>(batch * bound_bn::saved_size), {},
            std::vector<T>(bound_bn::param_count), std::vector<T>(x.size())};
  nn::run_training_forward<bound_bn>(
      nn::training_args<T>{params.data(), state.data(), x.data(), r.y.data(), r.saved.data(), nullptr, batch, 0, 0});
  nn::run_backward<bound_bn, true>(nn::backward_args<T>{params.data(), state.data(), r.grad.data(), x.data(),
                                                        r.y.data(), r.saved.data(), dy.data(), r.dx.data(), nullptr,
                                                        batch});
  r.state = std::move(state);
  return r;
}

/// The stage on a team of `threads`, as the trainer runs it.
template <class T>
pass<T> stage_on_team(const std::vector<T>& params, std::vector<T> state, const std::vector<T>& x,
                      const std::vector<T>& dy, std::size_t batch, std::size_t threads) {
  constexpr std::size_t capacity = 6;
  pass<T> r{std::vector<T>(x.size()), std::vector<T>(capacity * bn_stage::saved_size), {},
            std::vector<T>(bound_bn::param_count), std::vector<T>(x.size())};
  constexpr std::size_t stride = bn_stage::scratch_size<capacity>;
  std::vector<T> scratch_storage(threads * stride);
  const fusion::scratch<T> s{scratch_storage.data(), stride};
  std::vector<int> updates(bound_bn::param_count, 0);
  auto update = [&](std::size_t first, std::size_t count) noexcept {
    for (std::size_t i = first; i < first + count; ++i) ++updates[i];
  };
  nn::thread_pool pool(threads);
  auto job = [&](nn::thread_pool::member& team) noexcept {
    const fusion::training_context<T> context{state.data(), 0};
    bn_stage::forward<capacity>(params.data(), x.data(), r.y.data(), r.saved.data(), batch, team, s, context);
    team.sync();
    bn_stage::backward<capacity, true>(params.data(), r.grad.data(), x.data(), r.y.data(), r.saved.data(), dy.data(),
                                       r.dx.data(), batch, team, s, update, context);
  };
  pool.run(job);
  for (int covered : updates) REQUIRE(covered == 1);
  r.saved.resize(batch * bound_bn::saved_size);
  r.state = std::move(state);
  return r;
}

}  // namespace

TEST_CASE_TEMPLATE("batch normalization stage: every team gives the bits of the layer run whole", T, float, double) {
  constexpr std::size_t batch = 5;
  const auto params = uniform<T>(bound_bn::param_count, 1, 0.5, 1.5);
  const auto state = uniform<T>(bound_bn::state_count, 2, 0.5, 1.5);
  const auto x = uniform<T>(batch * bound_bn::input_shape::size, 3, -2, 2);
  const auto dy = uniform<T>(batch * bound_bn::input_shape::size, 4, -1, 1);
  const pass<T> expected = layer_alone(params, state, x, dy, batch);
  // 7 channels: 2 threads take 4 and 3, 3 take 3, 2 and 2, 8 leave one idle.
  for (const std::size_t threads : std::array<std::size_t, 4>{1, 2, 3, 8}) {
    CAPTURE(threads);
    const pass<T> got = stage_on_team(params, state, x, dy, batch, threads);
    CHECK(got.y == expected.y);
    CHECK(got.saved == expected.saved);
    CHECK(got.state == expected.state);
    CHECK(got.grad == expected.grad);
    CHECK(got.dx == expected.dx);
  }
}

namespace {

// Only batch normalizations have parameters here, so no other stage sums partial gradients by thread.
using normalized = nn::sequential<nn::input<4, 4, 6>, nn::batch_normalization<>, nn::relu,
                                  nn::batch_normalization<nn::momentum{{9, 10}}>>;

}  // namespace

TEST_CASE("trainer: batch normalization trains to the same bits on 1, 2 and 3 threads") {
  constexpr std::size_t batch = 10;
  const auto x = uniform<float>(batch * normalized::input_shape::size, 5, -1, 3);
  const auto targets = uniform<float>(batch * normalized::output_shape::size, 6, -1, 1);
  auto start = std::make_unique<nn::parameters<normalized>>();
  nn::glorot_uniform(*start, 7);
  auto train = [&](std::size_t threads) {
    auto params = std::make_unique<nn::parameters<normalized>>(*start);
    nn::trainer<normalized, nn::mean_squared_error, nn::adam, batch> trainer(nn::adam{.learning_rate = 1e-2},
                                                                              threads);
    for (std::size_t i = 0; i < 3; ++i) trainer.step(*params, x.data(), targets.data(), batch - 3 * (i % 2));
    return params;
  };
  const auto one = train(1);
  CHECK(one->values != start->values);
  CHECK(one->state != start->state);
  for (std::size_t threads = 2; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto more = train(threads);
    CHECK(more->values == one->values);
    CHECK(more->state == one->state);
  }
}
