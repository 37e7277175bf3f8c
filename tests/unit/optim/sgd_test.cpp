// sgd against steps computed by hand. Keras' SGD, per parameter, with learning rate lr and momentum m:
//     v = m v - lr g;   w += v                (classic momentum; m = 0 is plain w -= lr g)
//     v = m v - lr g;   w += m v - lr g       (nesterov)
// Three steps on a 3-element buffer, lr = 0.1, m = 0.9, from w0 = [1, -2, 0.5] with the gradients
//     g1 = [1, 0.5, -2],  g2 = [0.5, -1, 0],  g3 = [-1, 2, 1].
#include <nnstatic/optim/sgd.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <span>

namespace {

namespace nn = nnstatic;

constexpr std::array<std::array<double, 3>, 3> gradients{{{1, 0.5, -2}, {0.5, -1, 0}, {-1, 2, 1}}};
constexpr std::array<double, 3> w0{1, -2, 0.5};

/// Runs the three steps in T and returns the parameters after each; `state` is left as after the last.
template <class T>
std::array<std::array<T, 3>, 3> run(const nn::sgd& opt, nn::sgd::state<T, 3>& state) {
  std::array<T, 3> w{static_cast<T>(w0[0]), static_cast<T>(w0[1]), static_cast<T>(w0[2])};
  std::array<std::array<T, 3>, 3> after{};
  for (std::size_t t = 0; t < 3; ++t) {
    const std::array<T, 3> g{static_cast<T>(gradients[t][0]), static_cast<T>(gradients[t][1]),
                             static_cast<T>(gradients[t][2])};
    opt.update(state, std::span<T, 3>(w), std::span<const T, 3>(g));
    after[t] = w;
  }
  return after;
}

/// The same steps from the formulas above, in double, written out independently of the library.
std::array<std::array<double, 3>, 3> reference(double lr, double m, bool nesterov) {
  std::array<double, 3> w = w0, v{};
  std::array<std::array<double, 3>, 3> after{};
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t i = 0; i < 3; ++i) {
      v[i] = m * v[i] - lr * gradients[t][i];
      w[i] += nesterov ? m * v[i] - lr * gradients[t][i] : v[i];
    }
    after[t] = w;
  }
  return after;
}

template <class T>
void check_steps(const std::array<std::array<T, 3>, 3>& got, const std::array<std::array<double, 3>, 3>& want,
                 double epsilon) {
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(t);
      CAPTURE(i);
      CHECK(static_cast<double>(got[t][i]) == doctest::Approx(want[t][i]).epsilon(epsilon));
    }
}

}  // namespace

TEST_CASE("sgd: Keras' defaults") {
  constexpr nn::sgd opt;
  CHECK(opt.learning_rate == 0.01);
  CHECK(opt.momentum == 0.0);
  CHECK(!opt.nesterov);
  CHECK(nn::sgd::name == "sgd");
}

TEST_CASE("sgd: plain steps, w -= lr g") {
  // By hand: w1 = w0 - 0.1 g1 = [0.9, -2.05, 0.7]; w2 = w1 - 0.1 g2 = [0.85, -1.95, 0.7];
  //          w3 = w2 - 0.1 g3 = [0.95, -2.15, 0.6].
  const std::array<std::array<double, 3>, 3> by_hand{{{0.9, -2.05, 0.7}, {0.85, -1.95, 0.7}, {0.95, -2.15, 0.6}}};
  const nn::sgd opt{.learning_rate = 0.1};
  nn::sgd::state<double, 3> state;
  check_steps(run(opt, state), by_hand, 1e-12);
  check_steps(run(opt, state = {}), reference(0.1, 0.0, false), 1e-12);
  nn::sgd::state<float, 3> float_state;
  check_steps(run(opt, float_state), by_hand, 1e-6);
}

TEST_CASE("sgd: classic momentum") {
  // By hand, v starting at 0:
  //   v1 = -0.1 g1 = [-0.1, -0.05, 0.2]                          w1 = w0 + v1 = [0.9, -2.05, 0.7]
  //   v2 = 0.9 v1 - 0.1 g2 = [-0.14, 0.055, 0.18]                w2 = [0.76, -1.995, 0.88]
  //   v3 = 0.9 v2 - 0.1 g3 = [-0.026, -0.1505, 0.062]            w3 = [0.734, -2.1455, 0.942]
  const std::array<std::array<double, 3>, 3> by_hand{
      {{0.9, -2.05, 0.7}, {0.76, -1.995, 0.88}, {0.734, -2.1455, 0.942}}};
  const nn::sgd opt{.learning_rate = 0.1, .momentum = 0.9};
  nn::sgd::state<double, 3> state;
  check_steps(run(opt, state), by_hand, 1e-12);
  // The velocity is the state: v3.
  CHECK(state.velocity[0] == doctest::Approx(-0.026).epsilon(1e-12));
  CHECK(state.velocity[1] == doctest::Approx(-0.1505).epsilon(1e-12));
  CHECK(state.velocity[2] == doctest::Approx(0.062).epsilon(1e-12));
  check_steps(run(opt, state = {}), reference(0.1, 0.9, false), 1e-12);
  nn::sgd::state<float, 3> float_state;
  check_steps(run(opt, float_state), by_hand, 1e-6);
}

TEST_CASE("sgd: nesterov momentum") {
  // The same velocities as classic momentum; the step is m v - lr g:
  //   w1 = w0 + 0.9 [-0.1, -0.05, 0.2] - 0.1 [1, 0.5, -2]     = w0 + [-0.19, -0.095, 0.38]   = [0.81, -2.095, 0.88]
  //   w2 = w1 + 0.9 [-0.14, 0.055, 0.18] - 0.1 [0.5, -1, 0]   = w1 + [-0.176, 0.1495, 0.162] = [0.634, -1.9455, 1.042]
  //   w3 = w2 + 0.9 [-0.026, -0.1505, 0.062] - 0.1 [-1, 2, 1] = w2 + [0.0766, -0.33545, -0.0442]
  //                                                           = [0.7106, -2.28095, 0.9978]
  const std::array<std::array<double, 3>, 3> by_hand{
      {{0.81, -2.095, 0.88}, {0.634, -1.9455, 1.042}, {0.7106, -2.28095, 0.9978}}};
  const nn::sgd opt{.learning_rate = 0.1, .momentum = 0.9, .nesterov = true};
  nn::sgd::state<double, 3> state;
  check_steps(run(opt, state), by_hand, 1e-12);
  CHECK(state.velocity[1] == doctest::Approx(-0.1505).epsilon(1e-12));
  check_steps(run(opt, state = {}), reference(0.1, 0.9, true), 1e-12);
  nn::sgd::state<float, 3> float_state;
  check_steps(run(opt, float_state), by_hand, 1e-6);
}

TEST_CASE("sgd: nesterov without momentum is plain sgd, and a zero gradient moves nothing without velocity") {
  const nn::sgd nesterov{.learning_rate = 0.1, .momentum = 0.0, .nesterov = true};
  nn::sgd::state<double, 3> state;
  check_steps(run(nesterov, state), reference(0.1, 0.0, false), 1e-12);

  std::array<double, 3> w{1, 2, 3};
  const std::array<double, 3> zero{};
  nn::sgd::state<double, 3> fresh;
  nn::sgd{.learning_rate = 0.1, .momentum = 0.9}.update(fresh, std::span<double, 3>(w),
                                                        std::span<const double, 3>(zero));
  CHECK(w == std::array<double, 3>{1, 2, 3});
}

TEST_CASE("sgd: a buffer longer than a SIMD register, with a tail, follows the formula element by element") {
  // 37 values: whole registers (4, 8 or 16 lanes) and a tail of scalars, for float and double alike.
  constexpr std::size_t size = 37;
  for (const bool nesterov : {false, true}) {
    CAPTURE(nesterov);
    const nn::sgd opt{.learning_rate = 0.05, .momentum = 0.8, .nesterov = nesterov};
    std::array<double, size> w{}, v{};
    std::array<float, size> wf{};
    std::array<double, size> wd{};
    for (std::size_t i = 0; i < size; ++i)
      w[i] = wd[i] = static_cast<double>(i) * 0.1 - 1.5, wf[i] = static_cast<float>(w[i]);
    nn::sgd::state<float, size> sf;
    nn::sgd::state<double, size> sd;
    for (int t = 0; t < 3; ++t) {
      std::array<double, size> g{};
      std::array<float, size> gf{};
      for (std::size_t i = 0; i < size; ++i) {
        g[i] = std::sin(static_cast<double>(i * 7 + static_cast<std::size_t>(t)));
        gf[i] = static_cast<float>(g[i]);
        v[i] = 0.8 * v[i] - 0.05 * g[i];
        w[i] += nesterov ? 0.8 * v[i] - 0.05 * g[i] : v[i];
      }
      opt.update(sf, std::span<float, size>(wf), std::span<const float, size>(gf));
      opt.update(sd, std::span<double, size>(wd), std::span<const double, size>(g));
    }
    for (std::size_t i = 0; i < size; ++i) {
      CAPTURE(i);
      CHECK(wd[i] == doctest::Approx(w[i]).epsilon(1e-12));
      CHECK(static_cast<double>(wf[i]) == doctest::Approx(w[i]).epsilon(1e-5));
      CHECK(sd.velocity[i] == doctest::Approx(v[i]).epsilon(1e-12));
    }
  }
}

TEST_CASE("sgd: update_range on slices, in any order, equals one update of the whole buffer") {
  constexpr std::size_t size = 41;
  const nn::sgd opt{.learning_rate = 0.1, .momentum = 0.9, .nesterov = true};
  std::array<float, size> whole{}, sliced{}, g{};
  for (std::size_t i = 0; i < size; ++i) {
    whole[i] = sliced[i] = static_cast<float>(i % 5) - 2.0f;
    g[i] = static_cast<float>(std::cos(static_cast<double>(i)));
  }
  nn::sgd::state<float, size> a, b;
  for (int t = 0; t < 2; ++t) {
    opt.update(a, std::span<float, size>(whole), std::span<const float, size>(g));
    const auto c = opt.begin_step(b);
    opt.update_range(c, b, 20, 21, sliced.data(), g.data());  // the end first
    opt.update_range(c, b, 3, 17, sliced.data(), g.data());
    opt.update_range(c, b, 0, 3, sliced.data(), g.data());
  }
  for (std::size_t i = 0; i < size; ++i)
    CHECK(static_cast<double>(sliced[i]) == doctest::Approx(static_cast<double>(whole[i])).epsilon(1e-6));
}
