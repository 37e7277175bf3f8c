#pragma once
/// `parameters<Net, T>`: every weight of a network in one flat, 64-byte-aligned buffer, with views per layer, and
/// its non-trainable state in a second one.
///
/// Layer i's parameters start at `Net::param_offset<i>`; inside a layer the kernel comes first and the bias after
/// it, in Keras' layouts (conv2d kernel [kh][kw][in][out], dense kernel [in][out]), so weights can be copied from
/// and compared with Keras or PyTorch (after transposing PyTorch's [out][in] kernels).
#include <nnstatic/core/sequential.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>

namespace nnstatic {

template <class Layer, std::size_t Index>
inline constexpr bool layer_has_parameters = Layer::param_count > 0;

/// The flat parameter buffer of `Net` in scalar type `T`. Its size is a constant, so it can live in static
/// storage on a device; hosted code usually holds it through `model`, which puts it on the heap once.
template <network Net, class T = float>
struct parameters {
  static constexpr std::size_t size = Net::param_count;

  static constexpr std::size_t state_size = Net::state_count;

  /// The trainable parameters, what an optimizer updates.
  alignas(64) std::array<T, size> values{};
  /// The non-trainable state (batch normalization's moving mean and variance): set by training forwards, read by
  /// inference, saved with the model, never seen by an optimizer.
  alignas(64) std::array<T, state_size> state{};

  std::span<T, size> all() noexcept { return values; }
  std::span<const T, size> all() const noexcept { return values; }

  /// Layer `I`'s non-trainable state.
  template <std::size_t I>
  std::span<T, state_count_of<typename Net::template layer<I>>> state_of_layer() noexcept {
    return std::span<T, state_count_of<typename Net::template layer<I>>>(state.data() + Net::template state_offset<I>,
                                                                         state_count_of<typename Net::template layer<I>>);
  }
  template <std::size_t I>
  std::span<const T, state_count_of<typename Net::template layer<I>>> state_of_layer() const noexcept {
    return std::span<const T, state_count_of<typename Net::template layer<I>>>(
        state.data() + Net::template state_offset<I>, state_count_of<typename Net::template layer<I>>);
  }

  /// Every parameter of layer `I` (its kernel, then its bias).
  template <std::size_t I>
  std::span<T, Net::template layer<I>::param_count> of_layer() noexcept {
    return std::span<T, Net::template layer<I>::param_count>(values.data() + Net::template param_offset<I>,
                                                             Net::template layer<I>::param_count);
  }
  template <std::size_t I>
  std::span<const T, Net::template layer<I>::param_count> of_layer() const noexcept {
    return std::span<const T, Net::template layer<I>::param_count>(values.data() + Net::template param_offset<I>,
                                                                   Net::template layer<I>::param_count);
  }

  /// Layer `I`'s kernel, in its documented layout. `I` counts every layer after the input, activations included.
  template <std::size_t I>
  auto kernel() noexcept {
    return kernel_of<I>(*this);
  }
  template <std::size_t I>
  auto kernel() const noexcept {
    return kernel_of<I>(*this);
  }

  /// Layer `I`'s bias.
  template <std::size_t I>
  auto bias() noexcept {
    return bias_of<I>(*this);
  }
  template <std::size_t I>
  auto bias() const noexcept {
    return bias_of<I>(*this);
  }

 private:
  template <std::size_t I, class Self>
  static auto kernel_of(Self& self) noexcept {
    using layer = typename Net::template layer<I>;
    static_assert(layer_has_parameters<layer, I>, "nnstatic: only layers with parameters (dense, conv2d) have a kernel");
    using element = std::remove_reference_t<decltype(*self.values.data())>;
    if constexpr (layer_has_parameters<layer, I>)
      return std::span<element, layer::kernel_size>(self.values.data() + Net::template param_offset<I>,
                                                    layer::kernel_size);
    else
      return std::span<element, 0>{};
  }
  template <std::size_t I, class Self>
  static auto bias_of(Self& self) noexcept {
    using layer = typename Net::template layer<I>;
    static_assert(layer_has_parameters<layer, I>, "nnstatic: only layers with parameters (dense, conv2d) have a bias");
    using element = std::remove_reference_t<decltype(*self.values.data())>;
    if constexpr (layer_has_parameters<layer, I>)
      return std::span<element, layer::bias_size>(
          self.values.data() + Net::template param_offset<I> + layer::kernel_size, layer::bias_size);
    else
      return std::span<element, 0>{};
  }
};

}  // namespace nnstatic
