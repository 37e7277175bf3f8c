// int8 quantization: the VNNI kernel against the plain one, quantized outputs against float, the layout, and the
// compile-time figures.
#include <nnstatic/quant/quantized_model.hpp>

#include <nnstatic/core/inference.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace ns = nnstatic;

namespace {

using reference_net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                                     ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
// int8 weights: conv 12 x 32, dense 5408 x 128, dense 128 x 16 (10 units padded to a register of 16).
static_assert(ns::int8_plan<reference_net>::packed_size == 12 * 32 + 5408 * 128 + 128 * 16);
static_assert(ns::quantized_parameters<reference_net>::weight_bytes * 3.9 < reference_net::param_count * sizeof(float));
static_assert(sizeof(ns::int8_model<reference_net, ns::int8_kernel::plain>) ==
              ns::int8_model<reference_net, ns::int8_kernel::plain>::inference_bytes);

using small_net = ns::sequential<ns::input<10, 10, 3>, ns::conv2d<20, 3, 3, 1, ns::padding::same>, ns::relu,
                                 ns::max_pool2d<2>, ns::conv2d<16, 3, 3, 2>, ns::relu, ns::flatten, ns::dense<40>,
                                 ns::relu, ns::dense<7>, ns::softmax>;

std::vector<float> random_values(std::size_t count, std::uint64_t seed, double low, double high) {
  ns::random_engine random(seed);
  std::vector<float> v(count);
  for (float& x : v) x = static_cast<float>(random.uniform(low, high));
  return v;
}

template <class Net>
std::unique_ptr<ns::parameters<Net>> random_parameters(std::uint64_t seed) {
  auto params = std::make_unique<ns::parameters<Net>>();
  ns::glorot_uniform(*params, seed);
  ns::random_engine random(seed + 1);
  for (float& v : params->values)
    if (v == 0.0f) v = static_cast<float>(random.uniform(-0.05, 0.05));
  return params;
}

template <std::size_t Depth, std::size_t Units, ns::int8_kernel Kernel>
std::array<std::int32_t, Units> gemv(const std::vector<std::int8_t>& x, const std::vector<std::int8_t>& w,
                                     const std::vector<std::int32_t>& bias) {
  std::vector<std::int32_t> sums(Units);
  for (std::size_t k = 0; k < Depth; ++k)
    for (std::size_t o = 0; o < Units; ++o) sums[o] += w[(k / 4) * Units * 4 + o * 4 + k % 4];
  std::array<std::int32_t, Units> acc{};
  ns::int8_gemv<Depth, Units, Kernel>(x.data(), w.data(), bias.data(), sums.data(), acc.data());
  return acc;
}

std::vector<std::int8_t> random_bytes(std::size_t count, std::uint64_t seed) {
  ns::random_engine random(seed);
  std::vector<std::int8_t> v(count);
  for (auto& b : v) b = static_cast<std::int8_t>(static_cast<int>(random.below(255)) - 127);
  return v;
}

}  // namespace

TEST_CASE("the plain int8 kernel computes bias + x W exactly") {
  constexpr std::size_t depth = 8, units = 16;
  const auto x = random_bytes(depth, 1), w = random_bytes(depth * units, 2);
  const std::vector<std::int32_t> bias = [] {
    std::vector<std::int32_t> b(units);
    for (std::size_t o = 0; o < units; ++o) b[o] = static_cast<std::int32_t>(o) * 1000 - 7000;
    return b;
  }();
  const auto acc = gemv<depth, units, ns::int8_kernel::plain>(x, w, bias);
  for (std::size_t o = 0; o < units; ++o) {
    std::int32_t expected = bias[o];
    for (std::size_t k = 0; k < depth; ++k) expected += x[k] * w[(k / 4) * units * 4 + o * 4 + k % 4];
    CHECK(acc[o] == expected);
  }
}

TEST_CASE("the AVX-512 VNNI int8 kernel equals the plain one") {
  if constexpr (ns::avx512_vnni_compiled) {
    const auto x = random_bytes(5408, 3), w = random_bytes(5408 * 128, 4);
    const auto extreme_x = std::vector<std::int8_t>(64, -127), extreme_w = std::vector<std::int8_t>(64 * 48, -127);
    const std::vector<std::int32_t> bias(128, 12345);
    CHECK(gemv<5408, 128, ns::int8_kernel::avx512_vnni>(x, w, bias) == gemv<5408, 128, ns::int8_kernel::plain>(x, w, bias));
    CHECK(gemv<64, 48, ns::int8_kernel::avx512_vnni>(extreme_x, extreme_w, bias) ==
          gemv<64, 48, ns::int8_kernel::plain>(extreme_x, extreme_w, bias));
    // 144 units: 9 registers, walked in blocks of 3.
    const auto w144 = random_bytes(12 * 144, 5);
    const std::vector<std::int32_t> bias144(144, -3);
    CHECK(gemv<12, 144, ns::int8_kernel::avx512_vnni>(random_bytes(12, 6), w144, bias144) ==
          gemv<12, 144, ns::int8_kernel::plain>(random_bytes(12, 6), w144, bias144));
  } else {
    MESSAGE("not compiled for AVX-512 VNNI: only the plain int8 kernel is tested");
  }
}

TEST_CASE("quantized inference follows the float network closely, with either kernel") {
  const auto params = random_parameters<small_net>(9);
  constexpr std::size_t count = 64;
  const auto x = random_values(count * small_net::input_shape::size, 10, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);

  auto workspace = std::make_unique<ns::inference_workspace<small_net, float, count>>();
  std::vector<float> expected(count * 7), plain(count * 7), best(count * 7);
  ns::infer(*params, x.data(), expected.data(), count, *workspace);
  ns::int8_model<small_net, ns::int8_kernel::plain> plain_model;
  ns::int8_model<small_net> best_model;
  REQUIRE(plain_model.run(*q, x.data(), plain.data(), count) == ns::inference_status::ok);
  REQUIRE(best_model.run(*q, x.data(), best.data(), count) == ns::inference_status::ok);
  CHECK(plain == best);  // integer arithmetic: the kernels agree exactly

  double largest_error = 0;
  std::size_t same_class = 0;
  for (std::size_t n = 0; n < count; ++n) {
    std::size_t a = 0, b = 0;
    for (std::size_t k = 0; k < 7; ++k) {
      largest_error = std::max(largest_error, static_cast<double>(std::abs(plain[n * 7 + k] - expected[n * 7 + k])));
      if (expected[n * 7 + k] > expected[n * 7 + a]) a = k;
      if (plain[n * 7 + k] > plain[n * 7 + b]) b = k;
    }
    if (a == b) ++same_class;
  }
  CHECK(largest_error < 0.02);
  CHECK(same_class >= count - 3);
}

TEST_CASE("weights are per-channel symmetric int8 and biases int32 at the accumulator's scale") {
  using net = ns::sequential<ns::input<8>, ns::dense<16>>;
  auto params = std::make_unique<ns::parameters<net>>();
  for (std::size_t k = 0; k < 8; ++k)
    for (std::size_t o = 0; o < 16; ++o) params->kernel<0>()[k * 16 + o] = static_cast<float>(o + 1) * (k == 3 ? -1.0f : 0.25f);
  for (std::size_t o = 0; o < 16; ++o) params->bias<0>()[o] = 0.25f;
  const std::vector<float> x(8, 1.0f);
  const auto q = ns::quantize(*params, x);
  CHECK(q->scale[0] == doctest::Approx(1.0 / 127));
  for (std::size_t o = 0; o < 16; ++o) {
    // Column o: the largest |w| is input 3's, (o + 1), which becomes -127; the others (o + 1) / 4, 31.75 -> 32.
    CHECK(q->weights[(3 / 4) * 64 + o * 4 + 3 % 4] == -127);
    CHECK(q->weights[(0 / 4) * 64 + o * 4 + 0] == 32);
    CHECK(q->bias[o] == static_cast<std::int32_t>(std::lround(0.25 / ((1.0 / 127) * static_cast<double>(o + 1) / 127.0))));
  }
}

TEST_CASE("int8 inference reports errors as return codes") {
  const auto params = random_parameters<small_net>(1);
  const auto x = random_values(small_net::input_shape::size, 2, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);
  ns::int8_model<small_net> model;
  std::array<float, 7> y{};
  CHECK(model.run(*q, nullptr, y.data()) == ns::inference_status::null_input);
  CHECK(model.run(*q, x.data(), nullptr) == ns::inference_status::null_output);
  std::size_t label = 99;
  CHECK(model.classify(*q, x.data(), label) == ns::inference_status::ok);
  CHECK(label < 7);
}

TEST_CASE("a max pool absorbed into the convolution before it gives the bits of the pool run as its own layer") {
  // max_pool2d<2, 2, same> on the 10 x 10 convolution output pads nothing, so it computes what max_pool2d<2> does,
  // but only the 'valid' pool is absorbed into the convolution (the maximum of the int32 accumulators).
  using separate_pool = ns::sequential<ns::input<10, 10, 3>, ns::conv2d<20, 3, 3, 1, ns::padding::same>, ns::relu,
                                       ns::max_pool2d<2, 2, ns::padding::same>, ns::conv2d<16, 3, 3, 2>, ns::relu,
                                       ns::flatten, ns::dense<40>, ns::relu, ns::dense<7>, ns::softmax>;
  static_assert(ns::int8_plan<small_net>::pool_window_after<0>() == 2 && ns::int8_plan<small_net>::int8_no_op<2>());
  static_assert(ns::int8_plan<separate_pool>::pool_window_after<0>() == 1 &&
                !ns::int8_plan<separate_pool>::int8_no_op<2>());
  static_assert(separate_pool::param_count == small_net::param_count);

  const auto params = random_parameters<small_net>(11);
  auto same_params = std::make_unique<ns::parameters<separate_pool>>();
  same_params->values = params->values;
  constexpr std::size_t count = 16;
  const auto x = random_values(count * small_net::input_shape::size, 12, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);
  const auto q_separate = ns::quantize(*same_params, x);

  std::vector<float> absorbed(count * 7), separate(count * 7);
  ns::int8_model<small_net> absorbed_model;
  ns::int8_model<separate_pool> separate_model;
  REQUIRE(absorbed_model.run(*q, x.data(), absorbed.data(), count) == ns::inference_status::ok);
  REQUIRE(separate_model.run(*q_separate, x.data(), separate.data(), count) == ns::inference_status::ok);
  CHECK(absorbed == separate);
}
