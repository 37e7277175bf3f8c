#pragma once
// Inputs for the int8 kernel tests (int8_gemv_test.cpp checks the plain kernel against references,
// int8_vnni_test.cpp the VNNI kernel against the plain one): gemv operands up to the deepest layer allowed, and
// requantization inputs at the limits of float and int32 and over a random sweep.
#include <nnstatic/core/random.hpp>
#include <nnstatic/quant/int8_gemv.hpp>
#include <nnstatic/quant/int8_ranges.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace nnstatic::testing::int8 {

namespace ns = nnstatic;

inline constexpr std::int32_t int32_max = std::numeric_limits<std::int32_t>::max();
inline constexpr std::int32_t int32_min = std::numeric_limits<std::int32_t>::min();

// x (Depth values), w packed [Depth / 4][Units][4], bias (Units values).
struct gemv_input {
  std::vector<std::int8_t> x, w;
  std::vector<std::int32_t> bias;
};

inline std::int8_t weight(const gemv_input& in, std::size_t units, std::size_t k, std::size_t o) {
  return in.w[(k / 4) * units * 4 + o * 4 + k % 4];
}

// Values in [-127, 127], the range quantization produces.
inline std::vector<std::int8_t> random_bytes(std::size_t count, std::uint64_t seed) {
  ns::random_engine random(seed);
  std::vector<std::int8_t> v(count);
  for (auto& b : v) b = static_cast<std::int8_t>(static_cast<int>(random.below(255)) - 127);
  return v;
}

inline gemv_input random_input(std::size_t depth, std::size_t units, std::uint64_t seed, std::int32_t bias) {
  return {random_bytes(depth, seed), random_bytes(depth * units, seed + 1), std::vector<std::int32_t>(units, bias)};
}

inline gemv_input constant_input(std::size_t depth, std::size_t units, std::int8_t x, std::int8_t w,
                                 std::int32_t bias) {
  return {std::vector<std::int8_t>(depth, x), std::vector<std::int8_t>(depth * units, w),
          std::vector<std::int32_t>(units, bias)};
}

template <std::size_t Depth, std::size_t Units, ns::int8_kernel Kernel>
inline std::vector<std::int32_t> gemv(const gemv_input& in) {
  std::vector<std::int32_t> sums(Units);
  for (std::size_t k = 0; k < Depth; ++k)
    for (std::size_t o = 0; o < Units; ++o) sums[o] += weight(in, Units, k, o);
  std::vector<std::int32_t> acc(Units);
  ns::int8_gemv<Depth, Units, Kernel>(in.x.data(), in.w.data(), in.bias.data(), sums.data(), acc.data());
  return acc;
}

// bias + x W in int64, which cannot overflow at these depths; the test requires that the result fits int32.
inline std::vector<std::int32_t> reference_gemv(const gemv_input& in, std::size_t units) {
  std::vector<std::int32_t> acc(units);
  for (std::size_t o = 0; o < units; ++o) {
    std::int64_t sum = in.bias[o];
    for (std::size_t k = 0; k < in.x.size(); ++k) sum += std::int64_t{in.x[k]} * weight(in, units, k, o);
    REQUIRE(sum >= int32_min);
    REQUIRE(sum <= int32_max);
    acc[o] = static_cast<std::int32_t>(sum);
  }
  return acc;
}

// The deepest layer allowed and the largest bias quantize makes: every partial sum still fits int32, and with one
// input more the largest would not.
inline constexpr std::size_t deepest = ns::int8_max_depth;
inline constexpr std::int32_t largest_bias = ns::int8_bias_limit;
static_assert(deepest == 66572);
static_assert(largest_bias + std::int64_t{deepest} * 127 * 127 <= int32_max);
static_assert(largest_bias + std::int64_t{deepest + 1} * 127 * 127 > int32_max);

// The extreme inputs at the deepest layer: products all +127^2 or all -127^2 on top of a bias of either sign.
inline std::vector<gemv_input> extreme_inputs() {
  return {constant_input(deepest, 16, -127, -127, largest_bias), constant_input(deepest, 16, 127, -127, -largest_bias),
          constant_input(deepest, 16, 127, 127, largest_bias),   constant_input(deepest, 16, -127, 127, -largest_bias),
          constant_input(deepest, 16, 127, -127, largest_bias),  random_input(deepest, 16, 7, -largest_bias)};
}

// round(clamp(float(acc) * multiplier, Low, 127)), the half-way cases to even, without the CPU's rounding mode: the
// product is the kernels' float product, then exact arithmetic in double. A NaN product gives Low.
inline std::int8_t reference_requantize(std::int32_t acc, float multiplier, std::int32_t low) {
  const float product = static_cast<float>(acc) * multiplier;
  if (std::isnan(product)) return static_cast<std::int8_t>(low);
  const double p = std::clamp(static_cast<double>(product), static_cast<double>(low), 127.0);
  double rounded = std::floor(p);
  const double fraction = p - rounded;  // exact: |p| <= 127
  if (fraction > 0.5 || (fraction == 0.5 && std::fmod(rounded, 2.0) != 0.0)) rounded += 1.0;
  return static_cast<std::int8_t>(rounded);
}

struct requantize_input {
  std::vector<std::int32_t> acc;
  std::vector<float> multiplier;
  void add(std::int32_t a, float m) {
    acc.push_back(a);
    multiplier.push_back(m);
  }
};

inline std::int32_t saturate_int32(double a) {
  return a >= 2147483647.0 ? int32_max : a <= -2147483648.0 ? int32_min : static_cast<std::int32_t>(a);
}

// Multipliers large and tiny (down to the smallest subnormal), zero, infinite, NaN and negative; for each, the
// accumulators around the values whose product is +-2^31 (where cvtps2dq stops converting), the clamp bounds
// and the half-way points next to them and next to 0, and the largest int32 accumulators.
inline requantize_input limits() {
  constexpr float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  constexpr float largest = std::numeric_limits<float>::max(), over_127 = 1 / 127.0f;
  const std::vector<float> multipliers = {1.0f,      0.5f,    0.25f,    0x1p-10f, 0x1p-20f, 0x1p-31f,  0x1p-32f,
                                          1e-3f,     3.7e-5f, over_127, 7.3e-9f,  1e-12f,   0x1p-126f, 1e-40f,
                                          0x1p-149f, 0.0f,    -0.0f,    2.0f,     127.0f,   1e5f,      1e10f,
                                          largest,   inf,     -inf,     nan,      -1.0f,    -0.5f,     -3.7e-5f};
  const std::vector<double> targets = {0x1p31, -0x1p31, 0x1p31 - 128, -0x1p31 + 128, 127.5, 127.0, 126.5,
                                       -127.5, -127.0,  -126.5,       0.5,           -0.5,  1.5,   2.5,
                                       -2.5,   -1.5,    200.0,        -200.0,        1e9,   -1e9};
  constexpr std::int32_t two_24 = 1 << 24, two_30 = 1 << 30;
  const std::vector<std::int32_t> fixed = {
      0,          1,           -1,     2,       3,   -3,  int32_max, int32_min,     two_24,
      two_24 + 1, -two_24 - 1, two_30, -two_30, 255, 253, -255,      int32_max - 1, int32_min + 1};
  requantize_input in;
  for (const float m : multipliers) {
    for (const std::int32_t a : fixed) in.add(a, m);
    if (!std::isfinite(m) || m == 0.0f) continue;
    for (const double t : targets) {
      const double a = std::round(t / static_cast<double>(m));
      if (std::abs(a) > 4e9) continue;
      for (int d = -3; d <= 3; ++d) in.add(saturate_int32(a + d), m);
    }
  }
  return in;
}

// Accumulators over the whole int32 range and near the clamp bounds; multipliers log-uniform from 2^-150 to 2^40,
// a few negative.
inline requantize_input sweep(std::size_t count, std::uint64_t seed) {
  ns::random_engine random(seed);
  requantize_input in;
  for (std::size_t i = 0; i < count; ++i) {
    float m = static_cast<float>(std::exp2(random.uniform(-150.0, 40.0)));
    if (random.below(16) == 0) m = -m;
    const std::int32_t a =
        random.below(2) == 0
            ? static_cast<std::int32_t>(static_cast<std::uint32_t>(random()))
            : saturate_int32(std::round(random.uniform(-300.0, 300.0) / static_cast<double>(m == 0 ? 1.0f : m)));
    in.add(a, m);
  }
  return in;
}

// Runs int8_requantize over `in` in calls of 35 channels (two 16-lane registers and a tail of 3 for the VNNI
// kernel), the last call padded with zeros.
template <std::int32_t Low, ns::int8_kernel Kernel>
inline std::vector<std::int8_t> requantize(const requantize_input& in) {
  constexpr std::size_t units = 35;
  const std::size_t calls = (in.acc.size() + units - 1) / units;
  std::vector<std::int32_t> acc(calls * units);
  std::vector<float> multiplier(calls * units);
  std::copy(in.acc.begin(), in.acc.end(), acc.begin());
  std::copy(in.multiplier.begin(), in.multiplier.end(), multiplier.begin());
  std::vector<std::int8_t> out(calls * units);
  for (std::size_t c = 0; c < calls; ++c)
    ns::int8_requantize<units, Low, Kernel>(acc.data() + c * units, multiplier.data() + c * units,
                                            out.data() + c * units);
  out.resize(in.acc.size());
  return out;
}

// Hand-picked requantizations and what they must give with Low = -127 and Low = 0: ties to even, the clamp
// bounds, the products at 2^31 (cvtps2dq's "integer indefinite" INT_MIN before the float clamp), infinities and
// NaN.
struct requantize_expectation {
  requantize_input in;
  std::vector<int> symmetric, rectified;
};

inline requantize_expectation hand_picked() {
  requantize_expectation e;
  const auto add = [&](std::int32_t acc, float m, int symmetric, int rectified) {
    e.in.add(acc, m);
    e.symmetric.push_back(symmetric);
    e.rectified.push_back(rectified);
  };
  constexpr float inf = std::numeric_limits<float>::infinity();
  add(5, 0.5f, 2, 2);                 // 2.5 -> 2
  add(7, 0.5f, 4, 4);                 // 3.5 -> 4
  add(-5, 0.5f, -2, 0);               // -2.5 -> -2
  add(-7, 0.5f, -4, 0);               // -3.5 -> -4
  add(1, 0.5f, 0, 0);                 // 0.5 -> 0
  add(-1, 0.5f, 0, 0);                // -0.5 -> -0
  add(253, 0.5f, 126, 126);           // 126.5 -> 126
  add(255, 0.5f, 127, 127);           // 127.5 -> 127, clamped
  add(-255, 0.5f, -127, 0);           // -127.5 -> -127, clamped
  add(int32_max, 1.0f, 127, 127);     // 2^31 once in float
  add(int32_min, 1.0f, -127, 0);      // -2^31
  add(1 << 24, 128.0f, 127, 127);     // exactly 2^31
  add(int32_max, 1e-7f, 127, 127);    // 214.7
  add(int32_max, 5.9e-8f, 127, 127);  // 126.7: rounds to 127
  add(1, inf, 127, 127);
  add(-1, inf, -127, 0);
  add(0, inf, -127, 0);  // 0 x inf is NaN
  add(100, std::numeric_limits<float>::quiet_NaN(), -127, 0);
  add(1000, 0x1p-149f, 0, 0);  // the smallest subnormal multiplier
  return e;
}

}  // namespace nnstatic::testing::int8
