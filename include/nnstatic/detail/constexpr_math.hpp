#pragma once
/// exp, log and tanh that also work in constant expressions, so that a network with a softmax, sigmoid or tanh can
/// run inside a `static_assert`.
///
/// At run time each function is exactly the <cmath> one, so nothing a program computes changes; only when the
/// compiler evaluates a constant expression (`std::is_constant_evaluated()`) does it take the series below, which
/// are accurate to a few units in the last place of a double.
#include <cmath>
#include <limits>
#include <type_traits>

namespace nnstatic::detail {

inline constexpr double ln2 = 0.693147180559945309417232121458176568;
// ln 2 split Cody-Waite style: ln2_high has its low 32 bits zero, so k * ln2_high is exact for |k| < 2^11, and the
// reduced argument keeps full precision even at |x| = 700.
inline constexpr double ln2_high = 0x1.62e42feep-1;
inline constexpr double ln2_low = 0x1.a39ef35793c76p-33;

/// e^x by range reduction: x = k ln2 + r with |r| <= ln2 / 2, e^r from its Taylor series, then times 2^k.
constexpr double constexpr_exp(double x) noexcept {
  if (x != x) return x;
  // Beyond these e^x is not a finite double (or rounds to 0); a constant expression must not overflow.
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  const double k_real = x / ln2;
  const long k = static_cast<long>(k_real < 0 ? k_real - 0.5 : k_real + 0.5);
  const double r = (x - static_cast<double>(k) * ln2_high) - static_cast<double>(k) * ln2_low;
  double term = 1.0, sum = 1.0;
  for (int n = 1; n < 24; ++n) {
    term *= r / n;
    sum += term;
  }
  // 2^k by squaring-free repeated scaling: k is at most ~1075 in magnitude, and halving keeps subnormals exact.
  if (k >= 0)
    for (long i = 0; i < k; ++i) sum *= 2.0;
  else
    for (long i = 0; i < -k; ++i) sum *= 0.5;
  return sum;
}

/// ln x for x > 0: x = m 2^e with m in [1, 2), then ln m = 2 atanh((m - 1) / (m + 1)) from its series.
constexpr double constexpr_log(double x) noexcept {
  if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  long e = 0;
  while (x >= 2.0) {
    x *= 0.5;
    ++e;
  }
  while (x < 1.0) {
    x *= 2.0;
    --e;
  }
  const double s = (x - 1.0) / (x + 1.0), s2 = s * s;
  double power = s, sum = 0.0;
  for (int n = 1; n < 60; n += 2) {
    sum += power / n;
    power *= s2;
  }
  return 2.0 * sum + static_cast<double>(e) * ln2;
}

/// tanh x = (e^2|x| - 1) / (e^2|x| + 1), with the sign of x; saturated where it is 1 to double precision.
constexpr double constexpr_tanh(double x) noexcept {
  if (x != x) return x;
  const double a = x < 0 ? -x : x;
  if (a > 20.0) return x < 0 ? -1.0 : 1.0;
  const double e = constexpr_exp(2.0 * a);
  const double t = (e - 1.0) / (e + 1.0);
  return x < 0 ? -t : t;
}

/// std::exp at run time, the series in a constant expression.
template <class T>
constexpr T exp(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(constexpr_exp(static_cast<double>(x)));
  return std::exp(x);
}

/// std::log at run time, the series in a constant expression.
template <class T>
constexpr T log(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(constexpr_log(static_cast<double>(x)));
  return std::log(x);
}

/// std::tanh at run time, the series in a constant expression.
template <class T>
constexpr T tanh(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(constexpr_tanh(static_cast<double>(x)));
  return std::tanh(x);
}

}  // namespace nnstatic::detail
