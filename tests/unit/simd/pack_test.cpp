// simd::pack and its operations: the plain pack behaves like the scalar code it stands for, and the native
// architecture's pack gives, lane by lane, exactly what the plain pack gives.
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

namespace simd = nnstatic::simd;

template <class T>
std::vector<T> ramp(std::size_t n, T scale, T offset) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<T>(static_cast<T>(i % 13) * scale + offset);
  return v;
}

/// Applies `op` lane by lane with packs of Arch over arrays of length n (a multiple of the lanes).
template <class Arch, class T, class Op>
std::vector<T> apply(const std::vector<T>& a, const std::vector<T>& b, const std::vector<T>& c, Op op) {
  using P = simd::pack<T, Arch>;
  std::vector<T> out(a.size());
  for (std::size_t i = 0; i < a.size(); i += simd::lanes<P>)
    simd::store(out.data() + i,
                op(simd::load<P>(a.data() + i), simd::load<P>(b.data() + i), simd::load<P>(c.data() + i)));
  return out;
}

}  // namespace

TEST_CASE("simd: the native architecture is fixed at compile time, and plain is a pack of one") {
  static_assert(simd::lanes<simd::pack<float, simd::plain>> == 1);
  static_assert(simd::lanes<simd::pack<double, simd::plain>> == 1);
  static_assert(simd::lanes<simd::pack<float>> >= simd::lanes<simd::pack<double>>);
  static_assert(simd::fuses_multiply_add<simd::plain>);
#if defined(__AVX512F__) && !defined(NNSTATIC_SIMD_PLAIN)
  static_assert(simd::lanes<simd::pack<float>> == 16, "with AVX-512 a float pack is a 512-bit register");
  static_assert(simd::fuses_multiply_add<simd::native>);
#endif
#if defined(__aarch64__) && !defined(NNSTATIC_SIMD_PLAIN)
  static_assert(std::is_same_v<simd::native, xsimd::neon64>, "on AArch64 the kernels run on NEON");
  static_assert(simd::lanes<simd::pack<float>> == 4 && simd::lanes<simd::pack<double>> == 2);
  static_assert(simd::fuses_multiply_add<simd::native>);
#endif
  CHECK(std::string_view(simd::native::name()).size() > 0);
}

TEST_CASE_TEMPLATE("simd: native packs give the plain results, lane by lane", T, float, double) {
  constexpr std::size_t n = 64;  // a whole number of packs on every architecture
  const auto a = ramp<T>(n, T(0.37), T(-2));
  const auto b = ramp<T>(n, T(-0.21), T(1.5));
  const auto c = ramp<T>(n, T(0.05), T(0.25));
  const auto arithmetic = [](auto x, auto y, auto z) { return (x + y) * z - simd::divide(x, y + decltype(x)(T(10))); };
  const auto fused = [](auto x, auto y, auto z) { return simd::fma(x, y, z); };
  const auto maximum = [](auto x, auto y, auto) { return simd::max(x, y); };
  const auto root = [](auto x, auto, auto) { return simd::sqrt(x * x + decltype(x)(T(1))); };
  const auto choose = [](auto x, auto y, auto z) { return simd::select(x > y, z, x); };
  const auto equal = [](auto x, auto y, auto z) { return simd::select(x == x, y, z) + simd::select(x >= y, x, z); };

  CHECK(apply<simd::native>(a, b, c, arithmetic) == apply<simd::plain>(a, b, c, arithmetic));
  CHECK(apply<simd::native>(a, b, c, maximum) == apply<simd::plain>(a, b, c, maximum));
  CHECK(apply<simd::native>(a, b, c, root) == apply<simd::plain>(a, b, c, root));
  CHECK(apply<simd::native>(a, b, c, choose) == apply<simd::plain>(a, b, c, choose));
  CHECK(apply<simd::native>(a, b, c, equal) == apply<simd::plain>(a, b, c, equal));
  const auto f_native = apply<simd::native>(a, b, c, fused);
  const auto f_plain = apply<simd::plain>(a, b, c, fused);
  if constexpr (simd::fuses_multiply_add<simd::native>) {
    CHECK(f_native == f_plain);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      CHECK(static_cast<double>(f_native[i]) == doctest::Approx(static_cast<double>(f_plain[i])).epsilon(1e-6));
  }
}

TEST_CASE("simd: the plain pack is the scalar arithmetic") {
  using P = simd::pack<double, simd::plain>;
  CHECK(simd::fma(P(3), P(4), P(5)).value == std::fma(3.0, 4.0, 5.0));
  CHECK(simd::max(P(-1), P(2)).value == 2.0);
  CHECK(simd::max(P(2), P(-1)).value == 2.0);
  CHECK(simd::sqrt(P(9)).value == 3.0);
  CHECK(simd::select(P(1) > P(2), P(7), P(8)).value == 8.0);
  double stored = 0;
  simd::store(&stored, simd::load<P>(&stored) + P(1.5));
  CHECK(stored == 1.5);
}

TEST_CASE("simd::for_each_pack covers every index once, packs first, then scalars") {
  for (std::size_t count : {0u, 1u, 15u, 16u, 17u, 33u, 100u}) {
    std::vector<int> seen(count + 7, 0);
    std::size_t wide = 0;
    simd::for_each_pack<float, simd::native>(3, count, [&]<class P>(std::size_t i) {
      for (std::size_t l = 0; l < simd::lanes<P>; ++l) ++seen[i + l];
      if constexpr (std::is_same_v<P, simd::pack<float, simd::native>>) ++wide;
    });
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == (i >= 3 && i < 3 + count ? 1 : 0));
    CHECK(wide == count / simd::lanes<simd::pack<float>>);
  }
  std::array<int, 21> fixed{};
  simd::for_each_pack<double, simd::native, 21>([&]<class P>(std::size_t i) {
    for (std::size_t l = 0; l < simd::lanes<P>; ++l) ++fixed[i + l];
  });
  for (int hits : fixed) CHECK(hits == 1);
}

TEST_CASE("simd::unroll calls in order with compile-time indices") {
  std::array<std::size_t, 5> order{};
  std::size_t next = 0;
  simd::unroll<5>([&](auto i) {
    static_assert(std::is_same_v<decltype(i), std::integral_constant<std::size_t, decltype(i)::value>>);
    order[next++] = i;
  });
  CHECK(order == std::array<std::size_t, 5>{0, 1, 2, 3, 4});
  simd::unroll<0>([&](auto) { ++next; });
  CHECK(next == 5);
}
