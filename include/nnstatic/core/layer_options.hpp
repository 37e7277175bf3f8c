#pragma once
/// The named options a layer takes after its positional parameters, as Keras' keyword arguments:
///
///     conv2d<32, 3>                                    Conv2D(32, 3)
///     conv2d<64, size2d{3, 1}, strides{2}, same>       Conv2D(64, (3, 1), strides=2, padding="same")
///     max_pool2d<2, strides{1}>                        MaxPooling2D(2, strides=1)
///
/// Each option is a value of its own type, so that a stride can never be read as a kernel width; a layer picks
/// its options out of the pack with `option_value` and refuses any it does not know with `only_options`.
#include <nnstatic/core/size2d.hpp>

#include <cstddef>
#include <type_traits>

namespace nnstatic {

/// How a window treats the border, with Keras' meaning: `valid` uses only whole windows inside the input;
/// `same` pads so that the output has ceil(input / stride) positions, the extra padding going after (bottom,
/// right) as TensorFlow does.
enum class padding { valid, same };
inline constexpr padding valid = padding::valid;
inline constexpr padding same = padding::same;

/// The step of a window, one number for both axes or {height, width}.
struct strides {
  size2d value;
  constexpr strides(std::size_t both) noexcept : value(both) {}  // NOLINT: strides{2} reads as 2x2
  constexpr strides(std::size_t height, std::size_t width) noexcept : value(height, width) {}
  constexpr bool operator==(const strides&) const = default;
};

/// The output channels a depthwise convolution makes from each input channel.
struct depth_multiplier {
  std::size_t value;
  constexpr bool operator==(const depth_multiplier&) const = default;
};

/// The value of the first option of type `Option` in `Options...`, or `fallback` when there is none.
template <class Option, class... Options>
constexpr Option option_value(Option fallback, Options... options) noexcept {
  [[maybe_unused]] bool found = false;
  Option chosen = fallback;
  (
      [&] {
        if constexpr (std::is_same_v<Options, Option>)
          if (!found) {
            chosen = options;
            found = true;
          }
      }(),
      ...);
  return chosen;
}

/// How many of `Options...` are of type `Option`: a layer accepts each option at most once.
template <class Option, auto... Options>
inline constexpr std::size_t option_count = (std::size_t{0} + ... +
                                             (std::is_same_v<std::remove_cvref_t<decltype(Options)>, Option> ? 1 : 0));

/// True when `Option` is one of `Known...`.
template <class Option, class... Known>
inline constexpr bool is_one_of = (std::is_same_v<Option, Known> || ...);

/// True when every option in `Options...` is of one of the types `Known...`, and none is given twice: a layer
/// states `only_options<void(strides, padding), Options...>`.
template <class Known, auto... Options>
inline constexpr bool only_options = false;
template <class... Known, auto... Options>
inline constexpr bool only_options<void(Known...), Options...> =
    (is_one_of<std::remove_cvref_t<decltype(Options)>, Known...> && ...) &&
    ((option_count<Known, Options...> <= 1) && ...);

}  // namespace nnstatic
