#pragma once
/// `sequential<input<...>, Specs...>`: a network as a type.
///
/// Binding walks the user's list once: each spec meets the shape that comes out of the layer before it and becomes
/// a bound layer that knows its input shape, output shape and parameter count. Everything the runtime needs
/// (parameter offsets, buffer sizes, loop bounds) is then a constant of the network type.
#include <nnstatic/core/concepts.hpp>
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic {

/// The bound layers of a network, in order, with the constants derived from all of them.
template <bound_layer... Layers>
struct layer_chain {
  static constexpr std::size_t size = sizeof...(Layers);

  /// The layers as a Hana tuple of types, for type-level algorithms (`hana::for_each`, fusion rewrites).
  static constexpr auto types = boost::hana::tuple_t<Layers...>;

  template <std::size_t I>
  using at = typename decltype(+boost::hana::at_c<I>(types))::type;

  static constexpr std::array<std::size_t, size> param_counts{Layers::param_count...};
  static constexpr std::array<std::size_t, size> output_sizes{Layers::output_shape::size...};

  /// param_offsets[i] is where layer i's parameters start in the flat buffer; the last entry is the total.
  static constexpr std::array<std::size_t, size + 1> param_offsets = [] {
    std::array<std::size_t, size + 1> offsets{};
    for (std::size_t i = 0; i < size; ++i) offsets[i + 1] = offsets[i] + param_counts[i];
    return offsets;
  }();

  static constexpr std::size_t param_count = param_offsets[size];

  /// The same for the non-trainable state (moving statistics), which lives in a buffer of its own.
  static constexpr std::array<std::size_t, size> state_counts{state_count_of<Layers>...};
  static constexpr std::array<std::size_t, size + 1> state_offsets = [] {
    std::array<std::size_t, size + 1> offsets{};
    for (std::size_t i = 0; i < size; ++i) offsets[i + 1] = offsets[i] + state_counts[i];
    return offsets;
  }();
  static constexpr std::size_t state_count = state_offsets[size];

  /// The most scratch per sample any layer declares.
  static constexpr std::size_t max_scratch_size = std::max({std::size_t{0}, scratch_size_of<Layers>...});

  /// False once binding has rejected a layer (and reported it): the chain then holds stand-ins from there on.
  static constexpr bool accepted = !(detail::is_rejected_layer<Layers> || ...);

  /// The largest single activation of one sample: the size of each of inference's two ping-pong buffers.
  static constexpr std::size_t max_output_size = [] {
    std::size_t largest = 0;
    for (std::size_t s : output_sizes) largest = s > largest ? s : largest;
    return largest;
  }();
};

namespace detail {

/// Binds one spec to its input shape, or puts a stand-in in its place when the spec rejected it.
template <bool Accepted, class Spec, class In>
struct bind_or_stand_in {
  using type = typename Spec::template bind<In>;
};
template <class Spec, class In>
struct bind_or_stand_in<false, Spec, In> {
  using type = rejected_layer<Spec, In>;
};

/// Binds `Specs...` one after the other, threading each output shape into the next spec. Each spec is asked first
/// whether it accepts its input at its position (core/diagnostics.hpp; `Positions::at<I>` names the I-th, a
/// network's `layer_index<I>` or a branch's `layer_in_branch<...>`); the first that does not reports why, and it
/// and every spec after it become stand-ins that check nothing, so that one wrong layer gives one error.
template <class Positions, bool Accepting, class In, class Bound, class... Specs>
struct bind_chain {
  using type = Bound;
};

template <class Positions, class In, class... Bound, class Spec, class... Rest>
struct bind_chain<Positions, true, In, layer_chain<Bound...>, Spec, Rest...> {
  static constexpr bool accepted = spec_accepts<typename Positions::template at<sizeof...(Bound)>, Spec, In>();
  using layer = typename bind_or_stand_in<accepted, Spec, In>::type;
  using type = typename bind_chain<Positions, accepted, typename layer::output_shape, layer_chain<Bound..., layer>,
                                   Rest...>::type;
};

/// After a rejection: `In` is the output of the stand-in for the rejected spec.
template <class Positions, class In, class... Bound, class... Rest>
struct bind_chain<Positions, false, In, layer_chain<Bound...>, Rest...> {
  using type = layer_chain<Bound..., rejected_layer<Rest, In>...>;
};

/// The shape an `input<...>` declares; `shape<1>` for anything else (whose layers are then not bound at all).
template <class Input>
struct input_shape_of {
  using type = shape<1>;
};
template <std::size_t... Dims>
struct input_shape_of<input<Dims...>> {
  using type = shape<Dims...>;
};

/// The requirements on a whole sequential, checked before its layers in the same way as a layer's: its first
/// entry declares the shape of a sample, and at least one layer follows it.
template <class Input, std::size_t LayerCount>
constexpr bool sequential_accepts() {
  if constexpr (!is_input<Input>) {
    static_assert(is_input<Input>,
                  "nnstatic: the first entry of a sequential must be input<...>, the shape of one sample");
    return false;
  } else if constexpr (!input_dimensions_are_positive<Input>) {
    static_assert(input_dimensions_are_positive<Input>,
                  "nnstatic: input<...> needs at least one dimension, each at least 1, e.g. input<28, 28, 1>");
    return false;
  } else if constexpr (LayerCount == 0) {
    static_assert(LayerCount > 0, "nnstatic: a sequential needs at least one layer after its input");
    return false;
  } else {
    return true;
  }
}

/// The bound layers of `sequential<Input, Specs...>`. A sequential rejected as a whole binds none of its specs:
/// each is a stand-in, and one stands in for the missing layer of a sequential without any, so that what is built
/// on the network still finds a last layer.
template <bool Accepted, class In, class... Specs>
struct bind_sequential : bind_chain<network_positions, true, In, layer_chain<>, Specs...> {};
template <class In>
struct bind_sequential<false, In> {
  using type = layer_chain<rejected_layer<void, In>>;
};
template <class In, class First, class... Rest>
struct bind_sequential<false, In, First, Rest...>
    : bind_chain<network_positions, false, shape<1>, layer_chain<rejected_layer<First, In>>, Rest...> {};

}  // namespace detail

template <class T>
inline constexpr bool is_sequential = false;

/// A feed-forward network: an `input<...>` shape followed by layer specs.
///
///     using net = sequential<input<28, 28, 1>, conv2d<32, 3>, relu, max_pool2d<2>, flatten,
///                            dense<128>, relu, dense<10>, softmax>;
///     static_assert(net::param_count == 693962);
template <class Input, layer_spec... Specs>
struct sequential {
  using input_shape = typename detail::input_shape_of<Input>::type;
  using layers = typename detail::bind_sequential<detail::sequential_accepts<Input, sizeof...(Specs)>(), input_shape,
                                                  Specs...>::type;
  using output_shape = typename layers::template at<layers::size - 1>::output_shape;

  static constexpr std::size_t layer_count = layers::size;
  /// False for a network that binding rejected, after its one error: a check on a network that could fail on the
  /// stand-ins of a rejected one (see core/diagnostics.hpp) can pass when this is false, so as to add no second error.
  static constexpr bool accepted = layers::accepted;
  static constexpr std::size_t param_count = layers::param_count;
  /// Non-trainable values (batch normalization's moving statistics), Keras' "Non-trainable params".
  static constexpr std::size_t state_count = layers::state_count;

  template <std::size_t I>
  using layer = typename layers::template at<I>;

  template <std::size_t I>
  static constexpr std::size_t param_offset = layers::param_offsets[I];
  template <std::size_t I>
  static constexpr std::size_t state_offset = layers::state_offsets[I];

 private:
  static constexpr text signature_text = [] {
    text out;
    out.append("input");
    out.append("<");
    for (std::size_t i = 0; i < input_shape::rank; ++i) {
      if (i != 0) out.append(",");
      out.append(input_shape::dims[i]);
    }
    out.append(">");
    ((out.append(" "), Specs::write_signature(out)), ...);
    return out;
  }();

  static constexpr text type_text = [] {
    text out;
    out.append("nnstatic::sequential<nnstatic::input<");
    for (std::size_t i = 0; i < input_shape::rank; ++i) {
      if (i != 0) out.append(", ");
      out.append(input_shape::dims[i]);
    }
    out.append(">");
    ((out.append(", "), Specs::write_type(out)), ...);
    out.append(">");
    return out;
  }();

 public:
  /// The network as C++ source, e.g. "nnstatic::sequential<nnstatic::input<28, 28, 1>, nnstatic::conv2d<...>, ...>",
  /// for headers that export a trained model.
  static constexpr std::string_view cpp_type = type_text.view();

  /// The network spelled out, e.g. "input<28,28,1> conv2d<32,3x3,strides 1x1,valid> relu ... softmax"; model files
  /// store it so that loading into another topology names both.
  static constexpr std::string_view signature = signature_text.view();
  static_assert(!signature_text.overflowed() && !type_text.overflowed(),
                "nnstatic: this network's signature is longer than nnstatic::text::capacity characters; raise it");
  static constexpr std::uint64_t fingerprint = ::nnstatic::fingerprint(signature);

  /// A Keras-style table: layer, output shape, parameters, and the totals.
  static std::string summary();
};

template <class Input, class... Specs>
inline constexpr bool is_sequential<sequential<Input, Specs...>> = true;

/// Satisfied by `sequential<...>`.
template <class T>
concept network = is_sequential<T>;

namespace detail {

/// One line of a summary table.
struct summary_row {
  std::string_view name;       ///< the spec's name ("dense")
  std::string_view type_name;  ///< Keras' class name ("Dense")
  std::string shape;           ///< "(None, 26, 26, 32)"
  std::size_t params;
};

inline std::string with_thousands(std::size_t value) {
  const std::string digits = std::to_string(value);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

inline void append_padded(std::string& out, std::string_view s, std::size_t width) {
  out += s;
  if (s.size() < width) out.append(width - s.size(), ' ');
}

/// The table itself, written once for every network: the template below only collects its rows.
inline std::string format_summary(std::span<const summary_row> rows, std::size_t trainable,
                                  std::size_t non_trainable) {
  // Keras names repeated layers dense, dense_1, dense_2, ...
  std::vector<std::string> labels(rows.size());
  std::size_t name_width = 29;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::size_t seen_before = 0;
    for (std::size_t j = 0; j < i; ++j)
      if (rows[j].name == rows[i].name) ++seen_before;
    labels[i] = " " + std::string(rows[i].name) +
                (seen_before != 0 ? "_" + std::to_string(seen_before) : std::string{}) + " (" +
                std::string(rows[i].type_name) + ")";
    name_width = std::max(name_width, labels[i].size() + 2);
  }
  constexpr std::size_t shape_width = 26;
  const std::string rule(name_width + shape_width + 8, '_'), double_rule(name_width + shape_width + 8, '=');
  std::string out = "Model: \"sequential\"\n" + rule + "\n";
  append_padded(out, " Layer (type)", name_width);
  append_padded(out, "Output Shape", shape_width);
  out += "Param #\n" + double_rule + "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    append_padded(out, labels[i], name_width);
    append_padded(out, rows[i].shape, shape_width);
    out += with_thousands(rows[i].params) + "\n";
  }
  out += double_rule + "\nTotal params: " + with_thousands(trainable + non_trainable) +
         "\nTrainable params: " + with_thousands(trainable) + "\nNon-trainable params: " +
         with_thousands(non_trainable) + "\n" + rule + "\n";
  return out;
}

/// A summary row per layer, in order: one for a layer, written by its spec's name and Keras' class name; a layer
/// that holds others (a block: add, concatenate) lists them itself, as Keras lists a functional model's layers
/// flat, by declaring `static void append_summary_rows(std::vector<summary_row>&)`.
template <class Spec, class Layer>
void append_summary_rows(std::vector<summary_row>& rows) {
  if constexpr (requires { Layer::append_summary_rows(rows); }) {
    Layer::append_summary_rows(rows);
  } else {
    text shape;
    Layer::output_shape::write(shape);
    rows.push_back(summary_row{Spec::name, Spec::type_name, std::string(shape.view()),
                               Layer::param_count + state_count_of<Layer>});
  }
}

}  // namespace detail

template <class Input, layer_spec... Specs>
std::string sequential<Input, Specs...>::summary() {
  std::vector<detail::summary_row> rows;
  [&]<std::size_t... I>(std::index_sequence<I...>) { (detail::append_summary_rows<Specs, layer<I>>(rows), ...); }
  (std::index_sequence_for<Specs...>{});
  return detail::format_summary(rows, param_count, state_count);
}

}  // namespace nnstatic
