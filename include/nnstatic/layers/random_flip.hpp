#pragma once
/// `random_flip<flip_mode::horizontal>`: Keras' RandomFlip("horizontal"), data augmentation inside the network. In
/// training each image is mirrored left to right with probability 1/2 (and, with `vertical` or
/// `horizontal_and_vertical`, upside down, independently); in inference the layer is the identity, so a trained
/// model, its file and its exported header are what they would be without it.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nnstatic {

/// Which axes random_flip may mirror, named as Keras' RandomFlip modes.
enum class flip_mode { horizontal, vertical, horizontal_and_vertical };

template <flip_mode Mode, class In>
struct bound_random_flip;

template <flip_mode Mode = flip_mode::horizontal_and_vertical>
struct random_flip {
  static constexpr std::string_view name = "random_flip";
  static constexpr std::string_view type_name = "RandomFlip";
  static constexpr std::string_view header = "nnstatic/layers/random_flip.hpp";
  static constexpr bool moves_values = true;  // in inference, the identity
  static constexpr flip_mode mode = Mode;

  static constexpr std::string_view mode_name() noexcept {
    switch (Mode) {
      case flip_mode::horizontal: return "horizontal";
      case flip_mode::vertical: return "vertical";
      case flip_mode::horizontal_and_vertical: return "horizontal_and_vertical";
    }
    return "";
  }
  static constexpr void write_signature(text& out) { out.append("random_flip<").append(mode_name()).append(">"); }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::random_flip<nnstatic::flip_mode::").append(mode_name()).append(">");
  }

  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!input_is_image<At, random_flip, In>) {
      static_assert(input_is_image<At, random_flip, In>,
                    "nnstatic: random_flip mirrors images: it needs an input of shape <height, width, channels> "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = bound_random_flip<Mode, In>;
};

template <flip_mode Mode, class In>
struct bound_random_flip {
  using spec = random_flip<Mode>;
  using input_shape = In;
  using output_shape = In;
  static constexpr std::size_t param_count = 0;
  /// Per sample, which axes were mirrored (bit 0: left to right, bit 1: upside down): backward mirrors dL/dy back.
  static constexpr std::size_t saved_size = 1;

  static constexpr std::size_t height = extent<In, 0>, width = extent<In, 1>, channels = extent<In, 2>;
  static constexpr bool may_mirror_left_right = Mode != flip_mode::vertical;
  static constexpr bool may_turn_upside_down = Mode != flip_mode::horizontal;

  // Inference: the identity.
  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t i = 0; i < batch * In::size; ++i) y[i] = x[i];
  }

  // Whether sample n is mirrored depends only on (step and layer key, n), as dropout's mask does: the same
  // images are flipped whichever thread runs which samples.
  template <class T>
  static constexpr void train_forward(const training_args<T>& a) noexcept {
    for (std::size_t n = 0; n < a.batch; ++n) {
      const std::uint64_t bits = mix_bits(a.noise_key, a.first_sample + n) >> 62;
      constexpr std::uint64_t allowed = (may_mirror_left_right ? 1u : 0u) | (may_turn_upside_down ? 2u : 0u);
      const auto axes = static_cast<unsigned>(bits & allowed);
      a.saved[n] = static_cast<T>(axes);
      mirror(a.x + n * In::size, a.y + n * In::size, axes);
    }
  }

  // Mirroring is its own inverse, so dx is dy mirrored the same way.
  template <bool PropagateInput, class T>
  static constexpr void backward(const backward_args<T>& a) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t n = 0; n < a.batch; ++n)
        mirror(a.dy + n * In::size, a.dx + n * In::size, static_cast<unsigned>(a.saved[n]));
  }

 private:
  template <class T>
  static constexpr void mirror(const T* from, T* to, unsigned axes) noexcept {
    const bool left_right = (axes & 1u) != 0, upside_down = (axes & 2u) != 0;
    for (std::size_t h = 0; h < height; ++h) {
      const std::size_t source_row = upside_down ? height - 1 - h : h;
      for (std::size_t w = 0; w < width; ++w) {
        const std::size_t source_column = left_right ? width - 1 - w : w;
        const T* pixel = from + (source_row * width + source_column) * channels;
        T* out = to + (h * width + w) * channels;
        for (std::size_t c = 0; c < channels; ++c) out[c] = pixel[c];
      }
    }
  }
};

}  // namespace nnstatic
