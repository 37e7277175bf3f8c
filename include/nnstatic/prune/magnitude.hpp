#pragma once
/// Magnitude pruning: zero the smallest weights of each kernel until a target sparsity, and keep them zero while
/// fine-tuning. Pruned dense layers are then exported sparsely by io/export_header.hpp.
///
///     auto mask = nnstatic::prune_by_magnitude(model.params(), 0.8);   // 80% of every kernel's weights are zero
///     nnstatic::keep_pruned keep{mask};
///     nnstatic::fit(trainer, model, train, {.epochs = 1}, keep);        // fine-tune; the zeros stay zeros
///
/// Each kernel (dense and conv2d) is pruned to the same sparsity, keeping its largest |w| (ties: the first in
/// memory order). Biases are never pruned: they are few and cost nothing to keep.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/sequential.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

namespace nnstatic {

/// Which parameters pruning removed: `keep[i]` is 0 for a pruned parameter, 1 otherwise (flat `parameters` order).
template <network Net>
struct pruning_mask {
  std::vector<std::uint8_t> keep = std::vector<std::uint8_t>(Net::param_count, 1);

  /// Zeroes every pruned parameter of `params`.
  template <class T>
  void apply(parameters<Net, T>& params) const noexcept {
    for (std::size_t i = 0; i < Net::param_count; ++i)
      if (keep[i] == 0) params.values[i] = T{};
  }

  /// The fraction of kernel weights pruned.
  double sparsity() const noexcept {
    std::size_t kernel = 0, pruned = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            using layer = typename Net::template layer<I>;
            if constexpr (layer::param_count > 0) {
              kernel += layer::kernel_size;
              for (std::size_t i = 0; i < layer::kernel_size; ++i)
                if (keep[Net::template param_offset<I> + i] == 0) ++pruned;
            }
          }(),
          ...);
    }(std::make_index_sequence<Net::layer_count>{});
    return kernel == 0 ? 0.0 : static_cast<double>(pruned) / static_cast<double>(kernel);
  }
};

/// Zeroes the `sparsity` fraction (0 to 1) of smallest-magnitude weights of every kernel of `params`, and returns
/// the mask of what it removed. Weights that are already zero count as pruned first. Throws `nnstatic::error` for a
/// sparsity outside [0, 1].
template <network Net, class T>
pruning_mask<Net> prune_by_magnitude(parameters<Net, T>& params, double sparsity) {
  if (!(sparsity >= 0.0 && sparsity <= 1.0))
    throw error("nnstatic: prune_by_magnitude: expected a sparsity between 0 and 1, found " + std::to_string(sparsity));
  pruning_mask<Net> mask;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = typename Net::template layer<I>;
          if constexpr (layer::param_count > 0) {
            const std::size_t offset = Net::template param_offset<I>;
            const auto pruned = static_cast<std::size_t>(std::llround(sparsity * static_cast<double>(layer::kernel_size)));
            std::vector<std::size_t> order(layer::kernel_size);
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
              return std::abs(params.values[offset + a]) < std::abs(params.values[offset + b]);
            });
            for (std::size_t i = 0; i < pruned; ++i) mask.keep[offset + order[i]] = 0;
          }
        }(),
        ...);
  }(std::make_index_sequence<Net::layer_count>{});
  mask.apply(params);
  return mask;
}

/// A `fit` callback that re-applies a pruning mask after every optimizer step, so fine-tuning cannot revive a
/// pruned weight (Adam's momentum would otherwise move it off zero).
template <network Net>
struct keep_pruned {
  const pruning_mask<Net>& mask;

  template <class Model>
  void on_batch_end(Model& model) const noexcept {
    mask.apply(model.params());
  }
};

template <network Net>
keep_pruned(const pruning_mask<Net>&) -> keep_pruned<Net>;

}  // namespace nnstatic
