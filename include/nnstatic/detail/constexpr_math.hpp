#pragma once
/// exp, log and tanh that also work in constant expressions, so that a network with a softmax, sigmoid or tanh can
/// run inside a `static_assert`.
///
/// At run time each function is exactly the <cmath> one, so nothing a program computes changes; only when the
/// compiler evaluates a constant expression (`std::is_constant_evaluated()`) does it take the series below. Their
/// largest errors, measured over sweeps of tiny, subnormal, ordinary, large and saturating arguments of both signs
/// (tests/unit/embedded/constexpr_math_test.cpp): in double, exp and log 1 ulp and tanh 3 ulps from glibc (1, 1 and
/// 2 from the exact result, taken in long double); in float, where the double result is rounded once more, exp
/// and log 1 ulp and tanh 2 ulps from glibc, whose float functions are that far off themselves, and none from the
/// exact result.
#include <nnstatic/config/requires_cxx20.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace nnstatic::detail {

inline constexpr double ln2 = 0.693147180559945309417232121458176568;
// ln 2 split Cody-Waite style: ln2_high has its low 32 bits zero, so k * ln2_high is exact for |k| < 2^11, and the
// reduced argument keeps full precision even at |x| = 700.
inline constexpr double ln2_high = 0x1.62e42feep-1;
inline constexpr double ln2_low = 0x1.a39ef35793c76p-33;
inline constexpr double sqrt2 = 1.41421356237309504880168872420969808;

/// 2^k for a k whose power is a normal double, built from its bits, so exact.
constexpr double power_of_two(int k) noexcept {
  return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

/// x 2^k, rounded once: a result that is subnormal is reached from a normal one by a single multiplication, not by
/// repeated halving, which would round at every step.
constexpr double scale_by_power_of_two(double x, int k) noexcept {
  if (k > 1023) return x * power_of_two(1023) * power_of_two(k - 1023);
  if (k < -1022) return x * power_of_two(k + 54) * power_of_two(-54);
  return x * power_of_two(k);
}

/// e^r - 1 for |r| <= ln2 / 2, by its Taylor series in Horner form, as r + r^2/2 (1 + r/3 (1 + ...)): r is exact
/// and the rest at most a sixth of it, so the sum rounds about once. Leaving out the 1 keeps full relative
/// precision for tiny r, which both exp (adding the 1 last rounds once) and expm1 need.
constexpr double expm1_reduced(double r) noexcept {
  // r^18 / 18! < 2^-80 at |r| = ln2 / 2, far below a double's last place.
  double tail = 1.0;
  for (int n = 18; n >= 3; --n) tail = 1.0 + tail * r / n;
  return r + r * r * 0.5 * tail;
}

/// The nearest integer k to x / ln2 and r = x - k ln2, |r| <= ln2 / 2 (a little more where x / ln2 rounds).
struct reduced_argument {
  int k;
  double r;
};
constexpr reduced_argument reduce_by_ln2(double x) noexcept {
  const double k_real = x / ln2;
  const int k = static_cast<int>(k_real < 0 ? k_real - 0.5 : k_real + 0.5);
  return {k, (x - k * ln2_high) - k * ln2_low};
}

// The largest x with e^x a finite double, and the x below which e^x rounds to zero (ln of half the least
// subnormal, rounded down).
inline constexpr double exp_overflow_threshold = 0x1.62e42fefa39efp+9;    // 709.78
inline constexpr double exp_underflow_threshold = -0x1.74910d52d3052p+9;  // -745.13

/// e^x by range reduction: x = k ln2 + r with |r| <= ln2 / 2, e^r from its series, then times 2^k.
constexpr double constexpr_exp(double x) noexcept {
  if (x != x) return x;
  // Beyond these e^x is not a finite double (or rounds to 0); a constant expression must not overflow.
  if (x > exp_overflow_threshold) return std::numeric_limits<double>::infinity();
  if (x < exp_underflow_threshold) return 0.0;
  const auto [k, r] = reduce_by_ln2(x);
  return scale_by_power_of_two(1.0 + expm1_reduced(r), k);
}

/// e^x - 1, accurate for tiny x where exp(x) - 1 would cancel: e^x - 1 = 2^k (e^r - 1) + (2^k - 1), whose second
/// term is exact for -2 <= k <= 53. Outside that range e^x - 1 is e^x (the 1 is below its last place) or near -1
/// (e^x is below a quarter), and subtracting 1 from exp rounds once.
constexpr double constexpr_expm1(double x) noexcept {
  if (x != x) return x;
  if (x > exp_overflow_threshold) return std::numeric_limits<double>::infinity();
  if (x < -40.0) return -1.0;  // e^-40 is below half an ulp of 1
  const auto [k, r] = reduce_by_ln2(x);
  if (k == 0) return expm1_reduced(r);
  if (k < -2 || k > 53) return constexpr_exp(x) - 1.0;
  return scale_by_power_of_two(expm1_reduced(r), k) + (scale_by_power_of_two(1.0, k) - 1.0);
}

/// ln x for x > 0: x = m 2^e with m in [sqrt(2)/2, sqrt(2)), so that ln m is small and nothing cancels near 1, then
/// ln m = 2 atanh(s) with s = (m - 1) / (m + 1) from its series, and e ln2 added in two parts.
constexpr double constexpr_log(double x) noexcept {
  if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int e = 0;
  if (x < 0x1p-1022) {  // subnormal: make it normal first, so its exponent field says what it is
    x *= 0x1p54;
    e = -54;
  }
  const auto bits = std::bit_cast<std::uint64_t>(x);
  e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  double m = std::bit_cast<double>((bits & 0x000f'ffff'ffff'ffffu) | 0x3ff0'0000'0000'0000u);  // in [1, 2)
  if (m >= sqrt2) {
    m *= 0.5;
    ++e;
  }
  const double f = m - 1.0;  // exact: m is within a factor 2 of 1
  const double s = f / (2.0 + f), s2 = s * s;
  // |s| <= 0.172, so s2^14 / 29 < 2^-74 relative to the first term.
  double series = 0.0;
  for (int n = 29; n >= 3; n -= 2) series = (series + 1.0 / n) * s2;
  // ln m = 2s + 2s series, and 2s = f - s f (as s (2 + f) = f). f is exact, so written that way the rounding of
  // s touches only the smaller terms and ln m keeps the precision of f.
  const double log_m = f - (s * f - 2.0 * s * series);
  return static_cast<double>(e) * ln2_high + (log_m + static_cast<double>(e) * ln2_low);
}

/// tanh x with the sign of x: 1 - 2 / (e^2|x| + 1) where that is well away from 0, and e^-2|x| - 1 over
/// e^-2|x| + 1 below |x| = 1, where expm1 keeps the small result exact; saturated where it is 1 to double precision,
/// x itself where x^3 / 3 is below its last place.
constexpr double constexpr_tanh(double x) noexcept {
  if (x != x) return x;
  const double a = x < 0 ? -x : x;
  if (a < 0x1p-28) return x;
  if (a > 20.0) return x < 0 ? -1.0 : 1.0;
  double t = 0;
  if (a < 1.0) {
    const double p = constexpr_expm1(-2.0 * a);
    t = -p / (p + 2.0);
  } else {
    t = 1.0 - 2.0 / (constexpr_expm1(2.0 * a) + 2.0);
  }
  return x < 0 ? -t : t;
}

/// The series above in T's precision: computed in double and rounded to T once.
template <class T>
constexpr T constant_exp(T x) noexcept {
  return static_cast<T>(constexpr_exp(static_cast<double>(x)));
}
template <class T>
constexpr T constant_log(T x) noexcept {
  return static_cast<T>(constexpr_log(static_cast<double>(x)));
}
template <class T>
constexpr T constant_tanh(T x) noexcept {
  return static_cast<T>(constexpr_tanh(static_cast<double>(x)));
}

/// std::exp at run time, the series in a constant expression.
template <class T>
constexpr T exp(T x) noexcept {
  if (std::is_constant_evaluated()) return constant_exp(x);
  return std::exp(x);
}

/// std::log at run time, the series in a constant expression.
template <class T>
constexpr T log(T x) noexcept {
  if (std::is_constant_evaluated()) return constant_log(x);
  return std::log(x);
}

/// std::tanh at run time, the series in a constant expression.
template <class T>
constexpr T tanh(T x) noexcept {
  if (std::is_constant_evaluated()) return constant_tanh(x);
  return std::tanh(x);
}

}  // namespace nnstatic::detail
