// batch_normalization_stage (fusion/batch_normalization_stage.hpp) against the layers it replaces: the
// batch_normalization layer run whole, then the activation as written. Its sums are taken in another order, so the
// comparison is within rounding (float: 2e-5 of the largest value compared; double: 1e-12); on any team it gives the
// same bits, and those of its own plain instantiation where the multiply-add rounds alike.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/thread_pool.hpp>
#include <nnstatic/fusion/batch_normalization_stage.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "reference.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;

// 20 channels: two packs of 8 and a tail of 4 with AVX2; 2 threads take 16 and 4, 3 take 8, 8 and 4. A feature map
// of 3x4 positions, and a vector (after a dense layer, as in the FC autoencoder): one position per sample.
using image = nn::shape<3, 4, 20>;
using features = nn::shape<20>;
template <class In>
using bound_bn = nn::batch_normalization<>::bind<In>;
template <class Arch, class In, class Activation>
using stage_of = fusion::batch_normalization_stage<Arch, bound_bn<In>, Activation, In>;

// The plan fuses a batch normalization with the activation after it, and runs one without one alone.
using net = nn::sequential<nn::input<6, 5, 2>, nn::conv2d<4, 3>, nn::batch_normalization<>, nn::relu,
                           nn::batch_normalization<>>;
using net_plan = fusion::plan<net>;
static_assert(net_plan::size == 3);
static_assert(std::is_same_v<net_plan::at<1>::stage,
                             fusion::batch_normalization_stage<nn::simd::native, net::layer<1>, nn::relu,
                                                               nn::shape<4, 3, 4>>>);
static_assert(net_plan::at<1>::layer_span == 2 && net_plan::at<2>::layer_span == 1);
static_assert(std::is_same_v<net_plan::at<2>::stage,
                             fusion::batch_normalization_stage<nn::simd::native, net::layer<3>, void,
                                                               nn::shape<4, 3, 4>>>);

using nn::testing::uniform;

template <class T>
struct pass {
  std::vector<T> y, state, grad, dx, inferred;
};

template <class Activation, class T>
T activated(T z) {
  if constexpr (std::is_void_v<Activation>)
    return z;
  else
    return Activation::value(z);
}
template <class Activation, class T>
T derivative(T y) {
  if constexpr (std::is_void_v<Activation>)
    return T{1};
  else
    return Activation::derivative(y);
}

/// The layers as written: batch normalization whole on one thread, the activation after it; then inference.
template <class In, class Activation, class T>
pass<T> layers(const std::vector<T>& params, std::vector<T> state, const std::vector<T>& x,
               const std::vector<T>& dy, std::size_t batch) {
  using bn = bound_bn<In>;
  pass<T> r{std::vector<T>(x.size()), {}, std::vector<T>(bn::param_count), std::vector<T>(x.size()),
            std::vector<T>(x.size())};
  std::vector<T> z(x.size()), saved(batch * bn::saved_size), dz(x.size());
  const std::vector<T> inference_state = state;
  nn::run_training_forward<bn>(
      nn::training_args<T>{params.data(), state.data(), x.data(), z.data(), saved.data(), nullptr, batch, 0, 0});
  for (std::size_t i = 0; i < x.size(); ++i) {
    r.y[i] = activated<Activation>(z[i]);
    dz[i] = dy[i] * derivative<Activation>(r.y[i]);
  }
  nn::run_backward<bn, true>(nn::backward_args<T>{params.data(), state.data(), r.grad.data(), x.data(), z.data(),
                                                  saved.data(), dz.data(), r.dx.data(), nullptr, batch});
  nn::run_inference<bn>(
      nn::inference_args<T>{params.data(), inference_state.data(), x.data(), r.inferred.data(), nullptr, batch});
  for (T& v : r.inferred) v = activated<Activation>(v);
  r.state = std::move(state);
  return r;
}

/// The stage on a team of `threads`, as the trainer runs it; then its inference forward on one thread.
template <class Stage, class T>
pass<T> stage_on_team(const std::vector<T>& params, std::vector<T> state, const std::vector<T>& x,
                      const std::vector<T>& dy, std::size_t batch, std::size_t threads) {
  constexpr std::size_t capacity = 6;
  pass<T> r{std::vector<T>(x.size()), {}, std::vector<T>(Stage::param_count), std::vector<T>(x.size()),
            std::vector<T>(x.size())};
  std::vector<T> saved(capacity * Stage::saved_size);
  const std::vector<T> inference_state = state;
  const fusion::scratch<T> s{};
  std::vector<int> updates(Stage::param_count, 0);
  auto update = [&](std::size_t first, std::size_t count) noexcept {
    for (std::size_t i = first; i < first + count; ++i) ++updates[i];
  };
  nn::thread_pool pool(threads);
  auto job = [&](nn::thread_pool::member& team) noexcept {
    const fusion::training_context<T> context{state.data(), 0};
    Stage::template forward<capacity>(params.data(), x.data(), r.y.data(), saved.data(), batch, team, s, context);
    team.sync();
    Stage::template backward<capacity, true>(params.data(), r.grad.data(), x.data(), r.y.data(), saved.data(),
                                             dy.data(), r.dx.data(), batch, team, s, update, context);
  };
  pool.run(job);
  for (int covered : updates) REQUIRE(covered == 1);
  fusion::solo_team solo;
  Stage::template forward<capacity>(params.data(), x.data(), r.inferred.data(), static_cast<T*>(nullptr), batch,
                                    solo, s, fusion::inference_context<T>{inference_state.data()});
  r.state = std::move(state);
  return r;
}

template <class T>
void check_near(const std::vector<T>& got, const std::vector<T>& expected) {
  REQUIRE(got.size() == expected.size());
  T largest{};
  for (T v : expected) largest = std::max(largest, std::abs(v));
  const T tolerance = (std::is_same_v<T, float> ? T(2e-5) : T(1e-12)) * largest;
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs(got[i] - expected[i]) <= tolerance);
  }
}

template <class In, class Activation, class T>
void check_against_layers() {
  constexpr std::size_t batch = 5;
  const auto params = uniform<T>(bound_bn<In>::param_count, 1, 0.5, 1.5);
  const auto state = uniform<T>(bound_bn<In>::state_count, 2, 0.5, 1.5);
  // Far from 0, so that the variance of a sum of squares would cancel without the shift.
  const auto x = uniform<T>(batch * In::size, 3, 38, 42);
  const auto dy = uniform<T>(batch * In::size, 4, -1, 1);
  const pass<T> expected = layers<In, Activation>(params, state, x, dy, batch);
  using native = stage_of<nn::simd::native, In, Activation>;
  const pass<T> one = stage_on_team<native>(params, state, x, dy, batch, 1);
  check_near(one.y, expected.y);
  check_near(one.state, expected.state);
  check_near(one.grad, expected.grad);
  check_near(one.dx, expected.dx);
  check_near(one.inferred, expected.inferred);
  // The same bits on any team; 8 threads leave some idle.
  for (const std::size_t threads : std::array<std::size_t, 3>{2, 3, 8}) {
    CAPTURE(threads);
    const pass<T> got = stage_on_team<native>(params, state, x, dy, batch, threads);
    CHECK(got.y == one.y);
    CHECK(got.state == one.state);
    CHECK(got.grad == one.grad);
    CHECK(got.dx == one.dx);
  }
  // The plain instantiation runs the same operations one value at a time: the same bits where the native packs'
  // multiply-add is fused as std::fma is (simd::fuses_multiply_add; not SSE2's), and the activation's pack form is
  // exact (not sigmoid's e^x).
  if constexpr (!std::is_same_v<Activation, nn::sigmoid> && nn::simd::fuses_multiply_add<nn::simd::native>) {
    const pass<T> plain = stage_on_team<stage_of<nn::simd::plain, In, Activation>>(params, state, x, dy, batch, 1);
    CHECK(plain.y == one.y);
    CHECK(plain.state == one.state);
    CHECK(plain.grad == one.grad);
    CHECK(plain.dx == one.dx);
    CHECK(plain.inferred == one.inferred);
  }
}

}  // namespace

TEST_CASE_TEMPLATE("batch_normalization_stage: batch normalization alone, as the layer", T, float, double) {
  check_against_layers<image, void, T>();
  check_against_layers<features, void, T>();
}

TEST_CASE_TEMPLATE("batch_normalization_stage: with relu, as the layer and relu", T, float, double) {
  check_against_layers<image, nn::relu, T>();
  check_against_layers<features, nn::relu, T>();
}

TEST_CASE_TEMPLATE("batch_normalization_stage: with sigmoid, as the layer and sigmoid", T, float, double) {
  check_against_layers<image, nn::sigmoid, T>();
  check_against_layers<features, nn::sigmoid, T>();
}
