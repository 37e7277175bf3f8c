// kernels::transpose: the in-register 16 x 16 blocks (AVX-512, floats) and the value-by-value edges against the
// definition, on shapes with and without whole blocks.
#include <nnstatic/kernels/transpose.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

namespace {

namespace kernels = nnstatic::kernels;
namespace simd = nnstatic::simd;

template <class Arch, std::size_t Rows, std::size_t Cols, std::size_t LDI, std::size_t LDO, class T>
void check() {
  std::vector<T> in(Rows * LDI);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<T>(i);
  std::vector<T> out(Cols * LDO, T{-1});
  kernels::transpose<Arch, Rows, Cols, LDI, LDO>(in.data(), out.data());
  for (std::size_t j = 0; j < Cols; ++j)
    for (std::size_t i = 0; i < LDO; ++i) CHECK(out[j * LDO + i] == (i < Rows ? in[i * LDI + j] : T{-1}));
}

template <class Arch, class T>
void shapes() {
  check<Arch, 32, 128, 128, 32, T>();  // a dense backward block
  check<Arch, 16, 16, 16, 16, T>();
  check<Arch, 16, 16, 40, 20, T>();    // strides wider than the block
  check<Arch, 10, 128, 128, 10, T>();  // a tail block: fewer rows than a block
  check<Arch, 37, 21, 23, 40, T>();    // edges on both sides
  check<Arch, 1, 5, 5, 1, T>();
}

}  // namespace

TEST_CASE_TEMPLATE("transpose: native and plain, whole blocks and edges", T, float, double) {
  shapes<simd::native, T>();
  shapes<simd::plain, T>();
}
