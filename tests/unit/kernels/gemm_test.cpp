// kernels::gemm: every tiling (whole tiles, narrower tiles, scalar column tails, short row tiles) against a
// double-precision reference, and the native instantiation against the plain one. Each output is one chain of
// multiply-adds over k in order, whatever the tile, so with a fused multiply-add the two agree to the bit.
#include <nnstatic/kernels/gemm.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/pack.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace {

namespace kernels = nnstatic::kernels;
namespace simd = nnstatic::simd;

template <class T>
std::vector<T> values(std::size_t n, std::size_t seed) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<T>(static_cast<double>((i * 7 + seed * 13) % 23) / 11.0 - 1.0);
  return v;
}

/// C = [C +] A B over `rows` rows, with A(i, k) = a[i * ARow + k * ACol], for packs of Arch.
template <class Arch, class Tile, std::size_t Cols, std::size_t ARow, std::size_t ACol, std::size_t LDB,
          std::size_t LDC, bool Accumulate, class T>
std::vector<T> run(const std::vector<T>& a, const std::vector<T>& b, std::vector<T> c, std::size_t rows,
                   std::size_t depth) {
  kernels::gemm<simd::pack<T, Arch>, Tile, Cols, kernels::strides<ARow, ACol>, LDB, LDC>(a.data(), b.data(), c.data(),
                                                                                         rows, depth, Accumulate);
  return c;
}

template <class Tile, std::size_t Cols, std::size_t ARow, std::size_t ACol, std::size_t LDB, std::size_t LDC,
          bool Accumulate, class T>
void check(std::size_t rows, std::size_t depth) {
  const std::size_t a_size = (rows == 0 ? 0 : (rows - 1) * ARow) + (depth == 0 ? 0 : (depth - 1) * ACol) + 1;
  const auto a = values<T>(a_size, 1);
  const auto b = values<T>(depth * LDB + Cols, 2);
  const auto c0 = values<T>(rows * LDC + Cols, 3);
  const auto native = run<simd::native, Tile, Cols, ARow, ACol, LDB, LDC, Accumulate>(a, b, c0, rows, depth);
  const auto plain = run<simd::plain, Tile, Cols, ARow, ACol, LDB, LDC, Accumulate>(a, b, c0, rows, depth);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < LDC; ++j) {
      const std::size_t at = i * LDC + j;
      if (j >= Cols) {
        CHECK(native[at] == c0[at]);  // columns past Cols (when LDC > Cols) are never written
        continue;
      }
      double expected = Accumulate ? static_cast<double>(c0[at]) : 0.0;
      for (std::size_t k = 0; k < depth; ++k)
        expected += static_cast<double>(a[i * ARow + k * ACol]) * static_cast<double>(b[k * LDB + j]);
      const double tolerance = (std::is_same_v<T, float> ? 1e-5 : 1e-12) * static_cast<double>(depth + 1);
      CHECK(std::abs(static_cast<double>(native[at]) - expected) <= tolerance);
      if constexpr (simd::fuses_multiply_add<simd::native>) CHECK(native[at] == plain[at]);
    }
}

}  // namespace

TEST_CASE_TEMPLATE("gemm: X W as the dense forward runs it, every row count from 1 to 19", T, float, double) {
  for (std::size_t rows = 1; rows <= 19; ++rows) {
    check<kernels::tile<8, 3>, 128, 70, 1, 128, 128, false, T>(rows, 70);
    check<kernels::tile<8, 3>, 128, 70, 1, 128, 128, true, T>(rows, 33);
  }
  check<kernels::tile<1, 8>, 128, 70, 1, 128, 128, true, T>(1, 70);
}

TEST_CASE_TEMPLATE("gemm: column tails (narrower tiles, then scalars) and strides larger than the width", T, float,
                   double) {
  check<kernels::tile<8, 3>, 10, 9, 1, 10, 10, false, T>(13, 9);  // fewer columns than one pack
  check<kernels::tile<8, 3>, 57, 9, 1, 60, 61, false, T>(11, 9);  // packs, a narrower tile, scalars
  check<kernels::tile<4, 2>, 100, 5, 1, 100, 104, true, T>(9, 5);
  check<kernels::tile<6, 4>, 17, 3, 1, 17, 17, false, T>(7, 3);
}

TEST_CASE_TEMPLATE("gemm: transposed A, as the weight gradient X^T dY and the input gradient dY W^T use it", T, float,
                   double) {
  check<kernels::tile<8, 3>, 128, 1, 96, 128, 128, false, T>(32, 13);  // dW block: rows of W, depth = batch
  check<kernels::tile<8, 3>, 128, 1, 96, 128, 128, false, T>(10, 64);  // a tail block of 10 rows
  check<kernels::tile<8, 2>, 32, 48, 1, 32, 96, false, T>(17, 48);     // dX block: dz (rows) x W^T block
}

TEST_CASE("gemm: zero depth writes zeros, or leaves C as it is when accumulating") {
  check<kernels::tile<8, 3>, 40, 5, 1, 40, 40, false, float>(5, 0);
  check<kernels::tile<8, 3>, 40, 5, 1, 40, 40, true, float>(5, 0);
}
