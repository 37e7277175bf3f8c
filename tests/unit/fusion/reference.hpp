#pragma once
// The unfused reference the fusion and kernel tests compare against: forward and backward folded over the plain
// layers of include/nnstatic/layers exactly as they are written.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <ostream>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic::testing {

/// Every layer of `Net` run one after the other, forward and then backward from a given output gradient.
template <class Net, class T>
struct unfused {
  std::vector<std::vector<T>> activations;  // activations[i]: output of layer i
  std::vector<T> param_grad;                // summed over the batch, as the layers add it
  std::vector<T> input_grad;                // dL/dx, when asked for

  void forward(const T* params, const T* x, std::size_t batch) {
    activations.assign(Net::layer_count, {});
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((activations[I].assign(batch * Net::template layer<I>::output_shape::size, T{}),
        Net::template layer<I>::forward(params + Net::template param_offset<I>,
                                        I == 0 ? x : activations[I == 0 ? 0 : I - 1].data(), activations[I].data(),
                                        batch)),
       ...);
    }(std::make_index_sequence<Net::layer_count>{});
  }

  /// Backward through layers [0, Layers) from `dy`, the gradient of layer Layers - 1's output.
  template <std::size_t Layers = Net::layer_count>
  void backward(const T* params, const T* x, const T* dy, std::size_t batch) {
    param_grad.assign(Net::param_count, T{});
    using last = typename Net::template layer<Layers - 1>;
    std::vector<T> grad(dy, dy + batch * last::output_shape::size);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            constexpr std::size_t layer = Layers - 1 - I;
            using L = typename Net::template layer<layer>;
            std::vector<T> dx(batch * L::input_shape::size);
            L::template backward<true>(params + Net::template param_offset<layer>,
                                       param_grad.data() + Net::template param_offset<layer>,
                                       layer == 0 ? x : activations[layer == 0 ? 0 : layer - 1].data(),
                                       activations[layer].data(), grad.data(), dx.data(), batch);
            grad = std::move(dx);
          }(),
          ...);
    }(std::make_index_sequence<Layers>{});
    input_grad = std::move(grad);
  }
};

/// One training pass of the plain layers with a loss: the loss sum and the gradient of the mean batch loss.
template <class Net, class Loss, class T>
struct reference_pass : unfused<Net, T> {
  double loss_sum = 0;

  reference_pass(const parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    constexpr bool folds = !std::is_void_v<typename Loss::folded_activation>;
    constexpr std::size_t backward_layers = folds ? Net::layer_count - 1 : Net::layer_count;
    constexpr std::size_t out = Net::output_shape::size;
    this->forward(params.values.data(), x, batch);
    std::vector<T> grad(batch * out);
    const std::vector<T>& loss_input = this->activations[backward_layers - 1];
    for (std::size_t n = 0; n < batch; ++n)
      loss_sum += static_cast<double>(Loss::template sample<out>(loss_input.data() + n * out, targets + n * out,
                                                                 grad.data() + n * out, T{1} / static_cast<T>(batch)));
    this->template backward<backward_layers>(params.values.data(), x, grad.data(), batch);
  }
};

/// Values uniform in [low, high), from a seed.
template <class T>
std::vector<T> uniform(std::size_t n, std::uint64_t seed, double low = -1, double high = 1) {
  random_engine rng(seed);
  std::vector<T> v(n);
  for (T& e : v) e = static_cast<T>(rng.uniform(low, high));
  return v;
}

/// Inputs uniform in [-1, 1) and one-hot targets, from a seed.
template <class T>
void random_batch(std::vector<T>& x, std::vector<T>& targets, std::size_t classes, std::uint64_t seed) {
  random_engine rng(seed);
  for (T& v : x) v = static_cast<T>(rng.uniform(-1, 1));
  for (T& v : targets) v = T{};
  for (std::size_t n = 0; n < targets.size() / classes; ++n) targets[n * classes + rng.below(classes)] = T{1};
}

/// How far a result may be from its reference, element by element: |got - expected| <= atol + rtol |expected|.
/// rtol covers the rounding of a sum taken in another order; atol covers elements near zero, where that rounding
/// is relative to the terms, not to their sum, so it is given on the scale of the terms.
struct tolerance {
  double atol;
  double rtol;
};

/// The outcome of an element-wise comparison: true when every element is within its tolerance, and otherwise the
/// element furthest outside it, which doctest prints.
struct comparison {
  std::size_t got_size = 0, expected_size = 0;
  std::size_t worst_index = 0;
  double got = 0, expected = 0;
  double excess = 0;  // the worst |got - expected| / (atol + rtol |expected|); 1 is the limit
  tolerance limit{};

  explicit operator bool() const { return got_size == expected_size && excess <= 1; }

  friend std::ostream& operator<<(std::ostream& out, const comparison& c) {
    if (c.got_size != c.expected_size)
      return out << "sizes differ: got " << c.got_size << " elements, expected " << c.expected_size;
    const auto old_precision = out.precision(9);
    out << "worst element " << c.worst_index << " of " << c.expected_size << ": got " << c.got << ", expected "
        << c.expected << ", |difference| " << std::abs(c.got - c.expected) << " is " << c.excess
        << " times atol + rtol |expected| (atol " << c.limit.atol << ", rtol " << c.limit.rtol << ")";
    out.precision(old_precision);
    return out;
  }
};

/// Compares `got` with `expected` element by element; a NaN counts as infinitely far, even from a NaN.
template <class A, class B>
comparison compare(const A& got, const B& expected, tolerance limit) {
  comparison c{.got_size = std::size(got), .expected_size = std::size(expected), .limit = limit};
  if (c.got_size != c.expected_size) return c;
  for (std::size_t i = 0; i < c.expected_size; ++i) {
    const auto a = static_cast<double>(got[i]), b = static_cast<double>(expected[i]);
    const double difference = std::abs(a - b);
    const double excess = a == b                     ? 0.0
                          : difference == difference ? difference / (limit.atol + limit.rtol * std::abs(b))
                                                     : std::numeric_limits<double>::infinity();
    if (excess > c.excess || i == 0) {
      c.excess = excess;
      c.worst_index = i;
      c.got = a;
      c.expected = b;
    }
  }
  return c;
}

}  // namespace nnstatic::testing
