// detail/constexpr_math.hpp: the series used in constant expressions are within a few units in the last place of
// <cmath> over sweeps of tiny, subnormal, ordinary, large and saturating arguments of both signs, in double and in
// float; and at run time the functions are exactly <cmath>'s, so routing softmax, sigmoid and tanh through them
// changed no result.
#include <nnstatic/detail/constexpr_math.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace ns = nnstatic;
namespace detail = nnstatic::detail;

/// |got - want| <= ulps units of want's last place, roughly (epsilon times |want|), in a constant expression.
constexpr bool near(double got, double want, double ulps) {
  const double difference = got < want ? want - got : got - want;
  return difference <= ulps * std::numeric_limits<double>::epsilon() * (want < 0 ? -want : want);
}

// In constant expressions, at the edges: exact where the result is exact, saturated where it must saturate.
static_assert(detail::constexpr_exp(0.0) == 1.0);
static_assert(detail::constexpr_log(1.0) == 0.0);
static_assert(detail::constexpr_tanh(0.0) == 0.0);
static_assert(near(detail::exp(1.0), 2.718281828459045, 1));  // e, correctly rounded
static_assert(detail::exp(1.0f) > 2.7182f && detail::exp(1.0f) < 2.7183f);
static_assert(near(detail::log(2.718281828459045), 1.0, 1));
static_assert(near(detail::tanh(1e-8), 1e-8, 1));  // was 1.0000000058 (37 million ulps off) by (e^2x - 1) / (e^2x + 1)
static_assert(detail::tanh(-1e-300) == -1e-300);
static_assert(detail::exp(-1000.0) == 0.0 && detail::exp(1000.0) == std::numeric_limits<double>::infinity());
static_assert(detail::exp(709.78) < std::numeric_limits<double>::infinity());  // e^709.78 is a finite double
static_assert(detail::exp(-745.0) > 0.0);                                      // and e^-745 a subnormal one
static_assert(detail::exp(100.0f) == std::numeric_limits<float>::infinity());
static_assert(detail::log(0.0) == -std::numeric_limits<double>::infinity());
static_assert(detail::tanh(-30.0f) == -1.0f);
static_assert(ns::sigmoid::value(0.0f) == 0.5f);
static_assert(ns::tanh::value(100.0f) == 1.0f);

namespace {

/// The distance between a and b in units in the last place: how many representable T lie between them (0 when
/// equal, 1 for neighbours; infinities count as one past the largest finite value; NaN against NaN is 0).
template <class T>
double ulp_distance(T a, T b) {
  using bits = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;
  if (a != a || b != b) return a != a && b != b ? 0.0 : std::numeric_limits<double>::infinity();
  // Sign and magnitude: neighbours of one sign differ by 1 in magnitude; across zero the magnitudes add.
  const bits sign = bits{1} << (8 * sizeof(bits) - 1);
  const bits ua = std::bit_cast<bits>(a), ub = std::bit_cast<bits>(b);
  const bits ma = ua & ~sign, mb = ub & ~sign;
  if ((ua & sign) != (ub & sign)) return static_cast<double>(ma) + static_cast<double>(mb);
  return static_cast<double>(ma > mb ? ma - mb : mb - ma);
}

/// Arguments in double: zeros, subnormals, the edges where exp overflows or underflows and tanh saturates, a
/// geometric sweep over the whole range of both signs, fine linear sweeps where the functions bend, and random bit
/// patterns (every finite double is as likely as any other exponent).
std::vector<double> sweep() {
  std::vector<double> v = {0.0,
                           -0.0,
                           5e-324,
                           -5e-324,
                           1e-320,
                           -1e-320,
                           0x1p-1022,
                           1e-300,
                           -1e-300,
                           1e-8,
                           -1e-8,
                           1e-20,
                           0x1p-28,
                           0x1p-27,
                           0.5,
                           -0.5,
                           1.0,
                           -1.0,
                           19.06,
                           20.0,
                           20.5,
                           -20.5,
                           1e300,
                           -1e300,
                           709.78,
                           709.7827128933839,
                           -745.13,
                           -745.134,
                           710.0,
                           -746.0,
                           800.0,
                           -800.0,
                           0.999,
                           1.0000000001,
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::lowest(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  for (double x = 1e-310; x < 1e308; x *= 1.37) {
    v.push_back(x);
    v.push_back(-x);
  }
  for (double x = -750; x <= 750; x += 0.0137) v.push_back(x);
  for (double x = -3; x <= 3; x += 0.000731) v.push_back(x);
  std::uint64_t state = 88172645463325252u;  // xorshift64
  for (int i = 0; i < 200000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const double x = std::bit_cast<double>(state);
    if (std::isfinite(x)) v.push_back(x);
  }
  return v;
}

/// The largest ulp distance between `series` and `reference` over the sweep, in T.
template <class T, class Series, class Reference>
double worst_ulps(Series series, Reference reference, const std::vector<double>& arguments) {
  double worst = 0;
  for (const double argument : arguments) {
    const T x = static_cast<T>(argument);
    const double distance = ulp_distance<T>(series(x), reference(x));
    if (distance > worst) {
      worst = distance;
      INFO("x = ", x, ": series ", series(x), ", reference ", reference(x));
      CHECK(distance < 8);  // far outside any bound: name the argument
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("in double the series are within 1 ulp (exp, log) and 3 ulps (tanh) of <cmath>") {
  const auto arguments = sweep();
  const auto exp = worst_ulps<double>(
      detail::constexpr_exp, [](double x) { return std::exp(x); }, arguments);
  const auto log = worst_ulps<double>(
      detail::constexpr_log, [](double x) { return std::log(x); }, arguments);
  const auto tanh = worst_ulps<double>(
      detail::constexpr_tanh, [](double x) { return std::tanh(x); }, arguments);
  MESSAGE("max ulps against <cmath> in double: exp ", exp, ", log ", log, ", tanh ", tanh);
  CHECK(exp <= 1);
  CHECK(log <= 1);
  CHECK(tanh <= 3);
  CHECK(ulp_distance(detail::constexpr_tanh(1e-8), std::tanh(1e-8)) <= 1);
  CHECK(ulp_distance(detail::constexpr_expm1(1e-10), std::expm1(1e-10)) <= 1);
}

TEST_CASE("against long double, where it has more digits, the double series are within 1, 1 and 2 ulps") {
  if constexpr (std::numeric_limits<long double>::digits <= std::numeric_limits<double>::digits) {
    MESSAGE("long double is double here: nothing to add to the comparison with <cmath>");
  } else {
    const auto arguments = sweep();
    const auto exp = worst_ulps<double>(
        detail::constexpr_exp, [](double x) { return static_cast<double>(std::exp(static_cast<long double>(x))); },
        arguments);
    const auto log = worst_ulps<double>(
        detail::constexpr_log, [](double x) { return static_cast<double>(std::log(static_cast<long double>(x))); },
        arguments);
    const auto tanh = worst_ulps<double>(
        detail::constexpr_tanh, [](double x) { return static_cast<double>(std::tanh(static_cast<long double>(x))); },
        arguments);
    const auto expm1 = worst_ulps<double>(
        detail::constexpr_expm1, [](double x) { return static_cast<double>(std::expm1(static_cast<long double>(x))); },
        arguments);
    MESSAGE("max ulps against long double: exp ", exp, ", log ", log, ", tanh ", tanh, ", expm1 ", expm1);
    CHECK(exp <= 1);
    CHECK(log <= 1);
    CHECK(tanh <= 2);
    CHECK(expm1 <= 2);
  }
}

TEST_CASE("in float, the double series rounded once are within 1 ulp of the exact result and 2 of <cmath>") {
  const auto arguments = sweep();
  const auto exp = worst_ulps<float>(
      detail::constant_exp<float>, [](float x) { return std::exp(x); }, arguments);
  const auto log = worst_ulps<float>(
      detail::constant_log<float>, [](float x) { return std::log(x); }, arguments);
  const auto tanh = worst_ulps<float>(
      detail::constant_tanh<float>, [](float x) { return std::tanh(x); }, arguments);
  MESSAGE("max ulps against <cmath> in float: exp ", exp, ", log ", log, ", tanh ", tanh);
  CHECK(exp <= 2);  // glibc's float functions are themselves up to 1 or 2 ulps off; the double ones below are not
  CHECK(log <= 2);
  CHECK(tanh <= 2);
  const auto exact = [](auto f) { return [f](float x) { return static_cast<float>(f(static_cast<double>(x))); }; };
  CHECK(worst_ulps<float>(detail::constant_exp<float>, exact([](double x) { return std::exp(x); }), arguments) <= 1);
  CHECK(worst_ulps<float>(detail::constant_log<float>, exact([](double x) { return std::log(x); }), arguments) <= 1);
  CHECK(worst_ulps<float>(detail::constant_tanh<float>, exact([](double x) { return std::tanh(x); }), arguments) <= 1);
}

TEST_CASE("at run time the activations compute exactly what <cmath> computes") {
  for (float x = -30.0f; x <= 30.0f; x += 0.173f) {
    CHECK(detail::exp(x) == std::exp(x));
    CHECK(ns::tanh::value(x) == std::tanh(x));
    const float expected = x >= 0 ? 1.0f / (1.0f + std::exp(-x)) : std::exp(x) / (1.0f + std::exp(x));
    CHECK(ns::sigmoid::value(x) == expected);
  }
  const std::array<float, 4> z{1.0f, -2.0f, 0.5f, 3.0f};
  std::array<float, 4> expected{};
  float total = 0;
  for (std::size_t i = 0; i < 4; ++i) total += expected[i] = std::exp(z[i] - 3.0f);
  for (std::size_t i = 0; i < 4; ++i) expected[i] *= 1.0f / total;
  std::array<float, 4> got{};
  ns::softmax::probabilities<4>(z.data(), got.data());
  CHECK(got == expected);
}
