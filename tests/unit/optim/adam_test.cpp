// adam against Keras' formula. Per parameter at step t (from 1), with Keras' defaults lr = 1e-3, b1 = 0.9,
// b2 = 0.999, epsilon = 1e-7:
//     m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
//     w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)
// epsilon is added to sqrt(v) without bias correction (Keras' and TensorFlow's "epsilon hat"), not to
// sqrt(v / (1 - b2^t)) as in PyTorch.
#include <nnstatic/optim/adam.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <span>

namespace {

namespace nn = nnstatic;

// Three steps on w0 = [0.5, -1.25, 2] with these gradients.
constexpr std::array<std::array<double, 3>, 3> gradients{{{0.1, -0.2, 0.3}, {0.05, 0.4, -0.3}, {-0.2, 0.1, 0.0}}};
constexpr std::array<double, 3> w0{0.5, -1.25, 2.0};

template <class T>
std::array<std::array<T, 3>, 3> run(const nn::adam& opt, nn::adam::state<T, 3>& state) {
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

/// Keras' formula above, in double, written out independently of the library.
struct keras_reference {
  std::array<std::array<double, 3>, 3> after{};
  std::array<double, 3> m{}, v{};
};
keras_reference keras(double lr, double b1, double b2, double eps) {
  keras_reference r;
  std::array<double, 3> w = w0;
  for (std::size_t t = 1; t <= 3; ++t) {
    const double alpha =
        lr * std::sqrt(1 - std::pow(b2, static_cast<double>(t))) / (1 - std::pow(b1, static_cast<double>(t)));
    for (std::size_t i = 0; i < 3; ++i) {
      const double g = gradients[t - 1][i];
      r.m[i] = b1 * r.m[i] + (1 - b1) * g;
      r.v[i] = b2 * r.v[i] + (1 - b2) * g * g;
      w[i] -= alpha * r.m[i] / (std::sqrt(r.v[i]) + eps);
    }
    r.after[t - 1] = w;
  }
  return r;
}

}  // namespace

TEST_CASE("adam: Keras' defaults") {
  constexpr nn::adam opt;
  CHECK(opt.learning_rate == 1e-3);
  CHECK(opt.beta_1 == 0.9);
  CHECK(opt.beta_2 == 0.999);
  CHECK(opt.epsilon == 1e-7);
  CHECK(nn::adam::name == "adam");
}

TEST_CASE("adam: three steps with Keras' defaults follow Keras' formula") {
  const keras_reference want = keras(1e-3, 0.9, 0.999, 1e-7);
  const nn::adam opt;

  nn::adam::state<double, 3> state;
  const auto got = run(opt, state);
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(t);
      CAPTURE(i);
      CHECK(got[t][i] == doctest::Approx(want.after[t][i]).epsilon(1e-12));
    }
  CHECK(state.step == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(state.m[i] == doctest::Approx(want.m[i]).epsilon(1e-12));
    CHECK(state.v[i] == doctest::Approx(want.v[i]).epsilon(1e-12));
  }

  // Independent check: the same three steps computed with python3 from the formula in the header comment,
  //     a = lr*math.sqrt(1-b2**t)/(1-b1**t); m = b1*m+(1-b1)*g; v = b2*v+(1-b2)*g*g; w -= a*m/(math.sqrt(v)+eps)
  // in Python floats (double), printed with repr:
  //     after step 1: [0.49900003162177664, -1.2490000158111383, 1.9990000105408143]
  //     after step 3: [0.49827423253742337, -1.2497817650791938, 1.9990933257869743]
  CHECK(got[0][0] == doctest::Approx(0.49900003162177664).epsilon(1e-14));
  CHECK(got[0][1] == doctest::Approx(-1.2490000158111383).epsilon(1e-14));
  CHECK(got[0][2] == doctest::Approx(1.9990000105408143).epsilon(1e-14));
  CHECK(got[2][0] == doctest::Approx(0.49827423253742337).epsilon(1e-14));
  CHECK(got[2][1] == doctest::Approx(-1.2497817650791938).epsilon(1e-14));
  CHECK(got[2][2] == doctest::Approx(1.9990933257869743).epsilon(1e-14));

  // In float the same steps agree to float precision.
  nn::adam::state<float, 3> float_state;
  const auto got_float = run(opt, float_state);
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < 3; ++i)
      CHECK(static_cast<double>(got_float[t][i]) == doctest::Approx(want.after[t][i]).epsilon(1e-6));
}

TEST_CASE("adam: other hyper-parameters follow the same formula") {
  const keras_reference want = keras(0.05, 0.8, 0.99, 1e-4);
  const nn::adam opt{.learning_rate = 0.05, .beta_1 = 0.8, .beta_2 = 0.99, .epsilon = 1e-4};
  nn::adam::state<double, 3> state;
  const auto got = run(opt, state);
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < 3; ++i) CHECK(got[t][i] == doctest::Approx(want.after[t][i]).epsilon(1e-12));
}

TEST_CASE("adam: the first step moves each weight by about lr against the sign of its gradient") {
  // At t = 1, m = (1 - b1) g and v = (1 - b2) g^2, so the step is lr g / (|g| + epsilon / sqrt(1 - b2)).
  std::array<double, 3> w{0, 0, 0};
  const std::array<double, 3> g{3.0, -0.01, 250.0};
  nn::adam::state<double, 3> state;
  nn::adam{}.update(state, std::span<double, 3>(w), std::span<const double, 3>(g));
  for (std::size_t i = 0; i < 3; ++i) {
    const double expected = -1e-3 * g[i] / (std::abs(g[i]) + 1e-7 / std::sqrt(1 - 0.999));
    CHECK(w[i] == doctest::Approx(expected).epsilon(1e-12));
    CHECK(std::abs(w[i]) == doctest::Approx(1e-3).epsilon(1e-3));
  }
}

TEST_CASE("adam: epsilon is added without bias correction (Keras), not as in PyTorch") {
  // With a gradient of 1e-6 the two placements differ by a factor of about 4 at step 1:
  //   Keras:   lr sqrt(1-b2) g / (sqrt(1-b2) |g| + eps)   = 1e-3 * 3.16e-8 / (3.16e-8 + 1e-7) ~ 0.240e-3
  //   PyTorch: lr g / (|g| + eps)                          = 1e-3 * 1e-6 / (1e-6 + 1e-7)       ~ 0.909e-3
  std::array<double, 1> w{0};
  const std::array<double, 1> g{1e-6};
  nn::adam::state<double, 1> state;
  nn::adam{}.update(state, std::span<double, 1>(w), std::span<const double, 1>(g));
  const double root = std::sqrt(1 - 0.999);
  CHECK(-w[0] == doctest::Approx(1e-3 * root * 1e-6 / (root * 1e-6 + 1e-7)).epsilon(1e-12));
  CHECK(-w[0] < 0.3e-3);
  CHECK(-w[0] > 0.2e-3);
}

TEST_CASE("adam: a zero gradient from a fresh state moves nothing") {
  std::array<float, 4> w{1, 2, 3, 4};
  const std::array<float, 4> g{};
  nn::adam::state<float, 4> state;
  nn::adam{}.update(state, std::span<float, 4>(w), std::span<const float, 4>(g));
  CHECK(w == std::array<float, 4>{1, 2, 3, 4});
  CHECK(state.step == 1);
}

TEST_CASE("adam: a buffer longer than a SIMD register, with a tail, follows Keras' formula element by element") {
  // 37 values: whole registers (4, 8 or 16 lanes) and a tail of scalars, for float and double alike.
  constexpr std::size_t size = 37;
  const nn::adam opt{.learning_rate = 0.01};
  std::array<double, size> w{}, m{}, v{}, wd{};
  std::array<float, size> wf{};
  for (std::size_t i = 0; i < size; ++i)
    w[i] = wd[i] = static_cast<double>(i) * 0.1 - 1.5, wf[i] = static_cast<float>(w[i]);
  nn::adam::state<float, size> sf;
  nn::adam::state<double, size> sd;
  for (std::size_t t = 1; t <= 4; ++t) {
    const double alpha =
        0.01 * std::sqrt(1 - std::pow(0.999, static_cast<double>(t))) / (1 - std::pow(0.9, static_cast<double>(t)));
    std::array<double, size> g{};
    std::array<float, size> gf{};
    for (std::size_t i = 0; i < size; ++i) {
      g[i] = std::sin(static_cast<double>(i * 3 + t));
      gf[i] = static_cast<float>(g[i]);
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      w[i] -= alpha * m[i] / (std::sqrt(v[i]) + 1e-7);
    }
    opt.update(sf, std::span<float, size>(wf), std::span<const float, size>(gf));
    opt.update(sd, std::span<double, size>(wd), std::span<const double, size>(g));
  }
  CHECK(sd.step == 4);
  for (std::size_t i = 0; i < size; ++i) {
    CAPTURE(i);
    CHECK(wd[i] == doctest::Approx(w[i]).epsilon(1e-12));
    CHECK(static_cast<double>(wf[i]) == doctest::Approx(w[i]).epsilon(1e-5));
    CHECK(sd.m[i] == doctest::Approx(m[i]).epsilon(1e-12));
    CHECK(sd.v[i] == doctest::Approx(v[i]).epsilon(1e-12));
  }
}

TEST_CASE("adam: update_range on slices, in any order, equals one update of the whole buffer") {
  constexpr std::size_t size = 41;
  const nn::adam opt;
  std::array<float, size> whole{}, sliced{}, g{};
  for (std::size_t i = 0; i < size; ++i) {
    whole[i] = sliced[i] = static_cast<float>(i % 5) - 2.0f;
    g[i] = static_cast<float>(std::cos(static_cast<double>(i)));
  }
  nn::adam::state<float, size> a, b;
  for (int t = 0; t < 2; ++t) {
    opt.update(a, std::span<float, size>(whole), std::span<const float, size>(g));
    const auto c = opt.begin_step(b);  // counts the step once for all slices
    opt.update_range(c, b, 20, 21, sliced.data(), g.data());
    opt.update_range(c, b, 3, 17, sliced.data(), g.data());
    opt.update_range(c, b, 0, 3, sliced.data(), g.data());
  }
  CHECK(b.step == 2);
  for (std::size_t i = 0; i < size; ++i)
    CHECK(static_cast<double>(sliced[i]) == doctest::Approx(static_cast<double>(whole[i])).epsilon(1e-6));
}
