// kernels::dense_kernels against the plain dense layer (fused against unfused) and against its own plain
// instantiation (SIMD against scalar, to the bit when multiply-adds are fused).
#include <nnstatic/kernels/dense.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace {

namespace nn = nnstatic;
namespace simd = nnstatic::simd;

template <class T>
std::vector<T> values(std::size_t n, std::size_t seed) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<T>(static_cast<double>((i * 11 + seed * 5) % 29) / 14.0 - 1.0);
  return v;
}

template <class T>
void check_close(const std::vector<T>& got, const std::vector<T>& expected, double tolerance) {
  REQUIRE(got.size() == expected.size());
  double worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(got[i]) - static_cast<double>(expected[i])));
  CHECK(worst <= tolerance);
}

/// Forward (with bias and relu) and backward of the fused kernels over all of W, for `Arch`.
template <class Arch, std::size_t Inputs, std::size_t Units, class T>
void fused(const std::vector<T>& params, const std::vector<T>& x, const std::vector<T>& dz, std::size_t batch,
           std::vector<T>& y, std::vector<T>& grad, std::vector<T>& dx) {
  using k = nn::kernels::dense_kernels<Arch, Inputs, Units>;
  constexpr std::size_t kernel = Inputs * Units;
  y.assign(batch * Units, T{});
  k::forward_partial(x.data(), params.data(), y.data(), batch, 0, Inputs);
  nn::kernels::bias_activation<Arch, nn::relu, Units>(y.data(), params.data() + kernel, y.data(), 0, 1, batch);
  grad.assign(kernel + Units, T{});
  dx.assign(batch * Inputs, T{});
  std::vector<T> wt(Units * k::block_rows);
  for (std::size_t b = 0; b < k::blocks; ++b)
    k::template backward_block<true>(b, x.data(), params.data(), dz.data(), dx.data(), grad.data(), wt.data(), batch);
  nn::kernels::column_sums<Arch, Units>(grad.data() + kernel, dz.data(), batch);
}

template <std::size_t Inputs, std::size_t Units, class T>
void check(std::size_t batch) {
  using layer = nn::bound_dense<Units, nn::shape<Inputs>>;
  const auto params = values<T>(layer::param_count, 1);
  const auto x = values<T>(batch * Inputs, 2);
  const auto dz = values<T>(batch * Units, 3);

  // Unfused: the plain dense layer, then relu.
  std::vector<T> y_ref(batch * Units), grad_ref(layer::param_count, T{}), dx_ref(batch * Inputs);
  layer::forward(params.data(), x.data(), y_ref.data(), batch);
  for (T& v : y_ref) v = nn::relu::value(v);
  layer::template backward<true>(params.data(), grad_ref.data(), x.data(), y_ref.data(), dz.data(), dx_ref.data(),
                                 batch);

  std::vector<T> y, grad, dx, y_plain, grad_plain, dx_plain;
  fused<simd::native, Inputs, Units>(params, x, dz, batch, y, grad, dx);
  fused<simd::plain, Inputs, Units>(params, x, dz, batch, y_plain, grad_plain, dx_plain);
  const double eps = std::is_same_v<T, float> ? 2e-5 : 1e-12;
  check_close(y, y_ref, eps * Inputs);
  check_close(grad, grad_ref, eps * static_cast<double>(batch));
  check_close(dx, dx_ref, eps * Units);
  if constexpr (simd::fuses_multiply_add<simd::native>) {
    CHECK(y == y_plain);
    CHECK(grad == grad_plain);
    CHECK(dx == dx_plain);
  } else {  // the plain path fuses and the SIMD one rounds twice (SSE2, AVX without FMA): as close as to the layer
    check_close(y, y_plain, eps * Inputs);
    check_close(grad, grad_plain, eps * static_cast<double>(batch));
    check_close(dx, dx_plain, eps * Units);
  }
}

}  // namespace

TEST_CASE_TEMPLATE("dense kernels: the reference network's 5408 -> 128 layer, fused vs unfused and SIMD vs plain", T,
                   float, double) {
  check<5408, 128, T>(64);
  check<5408, 128, T>(3);
}

TEST_CASE_TEMPLATE("dense kernels: tails of every kind (rows of W past the last block, units past the last pack)", T,
                   float, double) {
  check<77, 10, T>(5);   // a 13-row tail block, 10 units (fewer than a pack)
  check<96, 33, T>(17);  // whole blocks only; 2 packs and a scalar unit
  check<40, 128, T>(1);  // one sample
}

TEST_CASE("dense kernels: blocks cover W's rows exactly once") {
  using k = nn::kernels::dense_kernels<simd::native, 77, 10>;
  static_assert(k::blocks == 3 && k::tail_rows == 13);
  std::size_t covered = 0;
  for (std::size_t b = 0; b < k::blocks; ++b) {
    CHECK(k::block_begin(b) == covered);
    covered = k::block_end(b);
  }
  CHECK(covered == 77);
}
