// The plain int8 kernels, chosen explicitly so that these checks run on every CPU: the gemv against an int64
// reference up to the deepest layer allowed, requantization against one that rounds half to even by hand, over
// hand-picked limits and a random sweep. The VNNI kernel against the plain one: int8_vnni_test.cpp.
#include <nnstatic/quant/int8_gemv.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "int8_inputs.hpp"

namespace ns = nnstatic;

namespace {

using namespace nnstatic::testing::int8;

template <std::int32_t Low>
void check_against_reference(const requantize_input& in) {
  const std::vector<std::int8_t> plain = requantize<Low, ns::int8_kernel::plain>(in);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < in.acc.size(); ++i)
    if (plain[i] != reference_requantize(in.acc[i], in.multiplier[i], Low) && ++wrong <= 5)
      FAIL_CHECK("Low " << Low << ": acc " << in.acc[i] << " x multiplier " << in.multiplier[i] << " gives "
                        << int{plain[i]} << ", expected "
                        << int{reference_requantize(in.acc[i], in.multiplier[i], Low)});
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("the plain int8 kernel computes bias + x W exactly, up to the deepest layer allowed") {
  const gemv_input small = random_input(8, 16, 1, -7000), wide = random_input(12, 144, 5, -3);
  const gemv_input deep = random_input(5408, 128, 3, 12345);
  CHECK(gemv<8, 16, ns::int8_kernel::plain>(small) == reference_gemv(small, 16));
  CHECK(gemv<12, 144, ns::int8_kernel::plain>(wide) == reference_gemv(wide, 144));
  CHECK(gemv<5408, 128, ns::int8_kernel::plain>(deep) == reference_gemv(deep, 128));
  for (const gemv_input& extreme : extreme_inputs())
    CHECK(gemv<deepest, 16, ns::int8_kernel::plain>(extreme) == reference_gemv(extreme, 16));
  // -128, which quantization never makes, works too.
  const gemv_input lowest = constant_input(64, 48, -128, -128, -12345);
  CHECK(gemv<64, 48, ns::int8_kernel::plain>(lowest) == reference_gemv(lowest, 48));
}

TEST_CASE("requantization rounds half to even and saturates, never wrapping at 2^31") {
  const requantize_expectation e = hand_picked();
  const auto as_ints = [](const std::vector<std::int8_t>& v) { return std::vector<int>(v.begin(), v.end()); };
  CHECK(as_ints(requantize<-127, ns::int8_kernel::plain>(e.in)) == e.symmetric);
  CHECK(as_ints(requantize<0, ns::int8_kernel::plain>(e.in)) == e.rectified);
}

TEST_CASE("plain requantization matches the reference at the limits and over a random sweep") {
  const requantize_input at_limits = limits(), swept = sweep(200000, 42);
  check_against_reference<-127>(at_limits);
  check_against_reference<0>(at_limits);
  check_against_reference<-127>(swept);
  check_against_reference<0>(swept);
}
