// Which types satisfy nnstatic's concepts and which do not (mp-units' habit: the negatives are checked too).
#include <nnstatic/core/concepts.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <cstddef>
#include <string_view>
#include <utility>

namespace {

namespace nn = nnstatic;
using nn::shape;

using reference = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                 nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using small = nn::sequential<nn::input<6, 6, 2>, nn::conv2d<3, 3, nn::padding::same>, nn::avg_pool2d<2>,
                             nn::flatten, nn::dense<4>, nn::tanh, nn::dense<1>, nn::sigmoid>;

// network: every sequential, nothing else.
static_assert(nn::network<reference>);
static_assert(nn::network<small>);
static_assert(nn::network<nn::sequential<nn::input<1>, nn::relu>>);
static_assert(!nn::network<int>);
static_assert(!nn::network<void>);
static_assert(!nn::network<reference*>);
static_assert(!nn::network<const reference>);  // cv-qualified types are not networks; the library never passes one
static_assert(!nn::network<reference::layer<0>>);
static_assert(!nn::network<reference::layers>);
static_assert(!nn::network<nn::dense<3>>);
static_assert(!nn::network<nn::input<28, 28, 1>>);

// Every bound layer of both networks is a bound, forward and trainable layer.
template <class Net>
constexpr bool all_layers_trainable = []<std::size_t... I>(std::index_sequence<I...>) {
  return ((nn::bound_layer<typename Net::template layer<I>> && nn::forward_layer<typename Net::template layer<I>> &&
           nn::trainable_layer<typename Net::template layer<I>>)&&...);
}(std::make_index_sequence<Net::layer_count>{});
static_assert(all_layers_trainable<reference>);
static_assert(all_layers_trainable<small>);

// Specs are not bound layers, and bound layers are not specs.
static_assert(nn::layer_spec<nn::dense<3>>);
static_assert(nn::layer_spec<nn::conv2d<3, 3>>);
static_assert(nn::layer_spec<nn::max_pool2d<2>>);
static_assert(nn::layer_spec<nn::avg_pool2d<2>>);
static_assert(nn::layer_spec<nn::flatten>);
static_assert(nn::layer_spec<nn::relu>);
static_assert(nn::layer_spec<nn::sigmoid>);
static_assert(nn::layer_spec<nn::tanh>);
static_assert(nn::layer_spec<nn::softmax>);
static_assert(!nn::layer_spec<nn::input<28, 28, 1>>);  // the input is a shape, not a layer
static_assert(!nn::layer_spec<int>);
static_assert(!nn::layer_spec<reference>);
static_assert(!nn::layer_spec<reference::layer<0>>);
static_assert(!nn::bound_layer<nn::dense<3>>);
static_assert(!nn::bound_layer<nn::relu>);
static_assert(!nn::bound_layer<int>);
static_assert(!nn::bound_layer<reference>);
static_assert(!nn::bound_layer<shape<3>>);

// A bound layer's spec is the spec the user wrote.
static_assert(std::is_same_v<reference::layer<0>::spec, nn::conv2d<32, 3>>);
static_assert(std::is_same_v<reference::layer<2>::spec, nn::max_pool2d<2>>);
static_assert(std::is_same_v<reference::layer<4>::spec, nn::dense<128>>);
static_assert(std::is_same_v<reference::layer<7>::spec, nn::softmax>);

// Hand-made layers: the concepts see exactly which member is there.
struct shapes_only {
  using spec = nn::relu;
  using input_shape = shape<3>;
  using output_shape = shape<3>;
  static constexpr std::size_t param_count = 0;
};
struct forward_only : shapes_only {
  template <class T>
  static void forward(const T*, const T*, T*, std::size_t) noexcept {}
};
struct forward_and_backward : forward_only {
  template <bool PropagateInput, class T>
  static void backward(const T*, T*, const T*, const T*, const T*, T*, std::size_t) noexcept {}
};
struct output_not_a_shape {
  using spec = nn::relu;
  using input_shape = shape<3>;
  using output_shape = int;
  [[maybe_unused]] static constexpr std::size_t param_count = 0;
};
struct no_spec {
  using input_shape = shape<3>;
  using output_shape = shape<3>;
  [[maybe_unused]] static constexpr std::size_t param_count = 0;
};
struct no_param_count {
  using spec = nn::relu;
  using input_shape = shape<3>;
  using output_shape = shape<3>;
};
static_assert(nn::bound_layer<shapes_only> && !nn::forward_layer<shapes_only> && !nn::trainable_layer<shapes_only>);
static_assert(nn::bound_layer<forward_only> && nn::forward_layer<forward_only> && !nn::trainable_layer<forward_only>);
static_assert(nn::trainable_layer<forward_and_backward>);
static_assert(!nn::bound_layer<output_not_a_shape>);
static_assert(!nn::bound_layer<no_spec>);
static_assert(!nn::bound_layer<no_param_count>);

// A spec needs a name, a signature writer and a C++ type writer.
struct named_only {
  static constexpr std::string_view name = "named_only";
};
struct named_and_signed : named_only {
  static constexpr void write_signature(nn::text& out) { out.append("named_and_signed"); }
};
struct named_signed_and_typed : named_and_signed {
  static constexpr void write_type(nn::text& out) { out.append("named_signed_and_typed"); }
};
static_assert(!nn::layer_spec<named_only>);
static_assert(!nn::layer_spec<named_and_signed>);
static_assert(nn::layer_spec<named_signed_and_typed>);

// Shapes.
static_assert(nn::shape_type<shape<>>);
static_assert(nn::shape_type<shape<5>>);
static_assert(nn::shape_type<shape<2, 3, 4>>);
static_assert(!nn::shape_type<int>);
static_assert(!nn::shape_type<nn::input<2, 3, 4>>);
static_assert(nn::image_shape<shape<2, 3, 4>> && !nn::image_shape<shape<24>> && !nn::image_shape<shape<2, 12>>);
static_assert(nn::flat_shape<shape<24>> && !nn::flat_shape<shape<2, 3, 4>> && !nn::flat_shape<int>);
static_assert(nn::extent<shape<2, 3, 4>, 0> == 2 && nn::extent<shape<2, 3, 4>, 2> == 4);
static_assert(nn::extent<shape<7>, 1> == 1);  // past the rank: 1, so that bad layers give one error, not many
static_assert(nn::last_extent<shape<2, 3, 4>> == 4 && nn::last_extent<shape<10>> == 10 &&
              nn::last_extent<shape<>> == 1);
static_assert(shape<>::size == 1 && shape<>::rank == 0);
static_assert(nn::is_input<nn::input<3>> && !nn::is_input<shape<3>> && !nn::is_input<nn::dense<3>>);

// Parameter views exist for every layer index and are usable where a layer has parameters (negative cases, which
// fail with a static_assert rather than quietly, are in tests/compile_fail/kernel_of_relu.cpp).
static_assert(requires(nn::parameters<small>& p) {
  p.template kernel<0>();
  p.template bias<0>();
  p.template kernel<3>();
  p.template of_layer<1>();
  p.template of_layer<6>();
});

}  // namespace
