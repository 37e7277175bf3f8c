#pragma once
// The check of a stage without parameters that must give the plain layers' results bit for bit (pool_stage and
// global_pool_stage): against the unfused layers and against its own plain instantiation, on teams of 1, 2 and 3
// threads and in inference. The input takes 9 values only, so that max windows hold ties and the first maximum
// must take the gradient.
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "reference.hpp"
#include "stage_runner.hpp"

namespace nnstatic::testing {

template <class Net, class T>
void check_pool_stage(std::size_t batch) {
  constexpr std::size_t capacity = 8;
  const std::vector<T> params;
  auto x = uniform<T>(batch * Net::input_shape::size, 2);
  for (T& v : x) v = std::round(v * 4) / 4;
  const auto dy = uniform<T>(batch * Net::output_shape::size, 3);
  unfused<Net, T> reference;
  reference.forward(params.data(), x.data(), batch);
  reference.backward(params.data(), x.data(), dy.data(), batch);
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto fused = run_stage<Net, simd::native, capacity>(params, x, dy, batch, threads);
    const auto plain = run_stage<Net, simd::plain, capacity>(params, x, dy, batch, threads);
    CHECK(fused.y == reference.activations.back());
    CHECK(fused.dx == reference.input_grad);
    CHECK(fused.inferred == fused.y);
    CHECK(plain.y == fused.y);
    CHECK(plain.dx == fused.dx);
  }
}

}  // namespace nnstatic::testing
