// The AVX-512 VNNI int8 kernels give the plain kernels' bits: the gemv up to the deepest layer allowed,
// requantization at the limits of float and int32, over a random sweep and in every rounding mode, and whole
// networks. Its own program, since it needs a target with VNNI: without one the whole program is skipped
// (tests/support/skip.hpp), so ctest says "Skipped", not "Passed", and no check that could run is skipped with it
// (the plain kernels' own checks are in int8_gemv_test.cpp and quantized_model_test.cpp).
#include <nnstatic/quant/int8_gemv.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <doctest/doctest.h>

#include <cfenv>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../../support/skip.hpp"
#include "int8_inputs.hpp"
#include "int8_networks.hpp"

namespace ns = nnstatic;

namespace {

using namespace nnstatic::testing::int8;

void skip_without_vnni() {
  if constexpr (!ns::avx512_vnni_compiled)
    nnstatic::testing::skip(
        "not compiled for AVX-512 VNNI (needs -march=native on a VNNI CPU): the VNNI int8 "
        "kernels are not tested");
}

#if NNSTATIC_HAS_AVX512_VNNI
constexpr auto plain = ns::int8_kernel::plain, vnni = ns::int8_kernel::avx512_vnni;

template <std::int32_t Low>
void check_kernels_agree(const requantize_input& in) {
  const std::vector<std::int8_t> expected = requantize<Low, plain>(in), found = requantize<Low, vnni>(in);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < in.acc.size(); ++i)
    if (expected[i] != found[i] && ++wrong <= 5)
      FAIL_CHECK("Low " << Low << ": acc " << in.acc[i] << " x multiplier " << in.multiplier[i] << ": plain "
                        << int{expected[i]} << ", VNNI " << int{found[i]});
  CHECK(wrong == 0);
}
#endif

}  // namespace

TEST_CASE("the VNNI gemv gives the plain kernel's bits, up to the deepest layer allowed") {
  skip_without_vnni();
#if NNSTATIC_HAS_AVX512_VNNI
  const gemv_input deep = random_input(5408, 128, 3, 12345), wide = random_input(12, 144, 5, -3);
  const gemv_input extreme = constant_input(64, 48, -127, -127, 12345);
  const gemv_input lowest = constant_input(64, 48, -128, -128, -12345);  // outside what quantize makes
  CHECK(gemv<5408, 128, vnni>(deep) == gemv<5408, 128, plain>(deep));
  CHECK(gemv<64, 48, vnni>(extreme) == gemv<64, 48, plain>(extreme));
  CHECK(gemv<64, 48, vnni>(lowest) == gemv<64, 48, plain>(lowest));
  CHECK(gemv<12, 144, vnni>(wide) == gemv<12, 144, plain>(wide));  // 9 registers, walked in blocks of 3
  // The VNNI accumulators start at bias - 128 sum_k w[k][o], here past int32 (1073741823 + 1082194432 as int64):
  // taken modulo 2^32, as vpdpbusd adds, the sum it ends in is exact.
  for (const gemv_input& in : extreme_inputs()) CHECK(gemv<deepest, 16, vnni>(in) == gemv<deepest, 16, plain>(in));
#endif
}

TEST_CASE("VNNI requantization gives the plain bits at the limits, over a sweep and in every rounding mode") {
  skip_without_vnni();
#if NNSTATIC_HAS_AVX512_VNNI
  const requantize_expectation e = hand_picked();
  const auto as_ints = [](const std::vector<std::int8_t>& v) { return std::vector<int>(v.begin(), v.end()); };
  CHECK(as_ints(requantize<-127, vnni>(e.in)) == e.symmetric);
  CHECK(as_ints(requantize<0, vnni>(e.in)) == e.rectified);

  const requantize_input at_limits = limits(), swept = sweep(200000, 43);
  // Both kernels round by the current mode: cvtps2dq by MXCSR, nearbyint by the C library's, and fesetround sets
  // both.
  for (const int mode : {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
    CAPTURE(mode);
    REQUIRE(std::fesetround(mode) == 0);
    check_kernels_agree<-127>(at_limits);
    check_kernels_agree<0>(at_limits);
    check_kernels_agree<-127>(swept);
    check_kernels_agree<0>(swept);
  }
  std::fesetround(FE_TONEAREST);
#endif
}

TEST_CASE("the VNNI kernels give the plain kernels' bits through whole networks") {
  skip_without_vnni();
#if NNSTATIC_HAS_AVX512_VNNI
  const auto params = random_parameters<small_net>(9);
  const auto x = random_values(64 * small_net::input_shape::size, 10, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);
  CHECK(run_int8<small_net, vnni>(*q, x) == run_int8<small_net, plain>(*q, x));
  // Calibrated on inputs a thousand times smaller than those it runs on: every layer saturates.
  std::vector<float> tiny = x;
  for (float& v : tiny) v *= 1e-3f;
  const auto q_tiny = ns::quantize(*params, tiny);
  CHECK(run_int8<small_net, vnni>(*q_tiny, x) == run_int8<small_net, plain>(*q_tiny, x));
  // The reference network's shape, its max pool absorbed into the convolution.
  using reference = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                                   ns::dense<16>, ns::relu, ns::dense<10>, ns::softmax>;
  const auto reference_params = random_parameters<reference>(13);
  const auto images = random_values(8 * 784, 14, 0.0, 1.0);
  const auto q_reference = ns::quantize(*reference_params, images);
  CHECK(run_int8<reference, vnni>(*q_reference, images) == run_int8<reference, plain>(*q_reference, images));
#endif
}
