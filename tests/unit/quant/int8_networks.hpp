#pragma once
// Networks, random parameters and inputs for the int8 model tests (quantized_model_test.cpp with the plain kernel,
// int8_vnni_test.cpp comparing the kernels).
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace nnstatic::testing::int8 {

namespace ns = nnstatic;

using small_net =
    ns::sequential<ns::input<10, 10, 3>, ns::conv2d<20, 3, ns::padding::same>, ns::relu, ns::max_pool2d<2>,
                   ns::conv2d<16, 3, ns::strides{2}>, ns::relu, ns::flatten, ns::dense<40>, ns::relu, ns::dense<7>,
                   ns::softmax>;

inline std::vector<float> random_values(std::size_t count, std::uint64_t seed, double low, double high) {
  ns::random_engine random(seed);
  std::vector<float> v(count);
  for (float& x : v) x = static_cast<float>(random.uniform(low, high));
  return v;
}

template <class Net>
inline std::unique_ptr<ns::parameters<Net>> random_parameters(std::uint64_t seed) {
  auto params = std::make_unique<ns::parameters<Net>>();
  ns::glorot_uniform(*params, seed);
  ns::random_engine random(seed + 1);
  for (float& v : params->values)
    if (v == 0.0f) v = static_cast<float>(random.uniform(-0.05, 0.05));
  return params;
}

template <class Net, ns::int8_kernel Kernel>
inline std::vector<float> run_int8(const ns::quantized_parameters<Net>& q, const std::vector<float>& x) {
  const std::size_t count = x.size() / Net::input_shape::size;
  std::vector<float> y(count * Net::output_shape::size);
  auto model = std::make_unique<ns::int8_model<Net, Kernel>>();
  REQUIRE(model->run(q, x.data(), y.data(), count) == ns::inference_status::ok);
  return y;
}

}  // namespace nnstatic::testing::int8
