// How binding answers a wrong network with one error (core/diagnostics.hpp), checked here without making one: what
// each spec accepts, the requirements' variable templates, and the stand-ins a rejected layer and every layer after
// it are bound to. The errors themselves, one per case, are in tests/compile_fail/.
#include <nnstatic/core/concepts.hpp>
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/detail/window.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>

#include <type_traits>

namespace nn = nnstatic;
using nn::layer_index;
using nn::shape;
using nn::detail::rejected_layer;

// A spec accepts what it can bind to; one without requirements (relu, flatten, softmax) accepts any shape.
static_assert(nn::spec_accepts<layer_index<0>, nn::dense<4>, shape<3>>());
static_assert(nn::spec_accepts<layer_index<2>, nn::conv2d<4, 3>, shape<3, 3, 1>>());
static_assert(nn::spec_accepts<layer_index<1>, nn::max_pool2d<2>, shape<2, 2, 1>>());
static_assert(nn::spec_accepts<layer_index<1>, nn::avg_pool2d<3, nn::strides{1}, nn::padding::same>, shape<2, 2, 1>>());
static_assert(nn::spec_accepts<layer_index<7>, nn::relu, shape<7, 1>>());
static_assert(layer_index<5>::value == 5);

// The requirements are plain variable templates of the position, the spec and the shape, false here without being
// asserted: only a spec's `accepts` asserts them, and only the first that fails.
static_assert(!nn::input_is_flat<layer_index<3>, nn::dense<128>, shape<13, 13, 32>>);
static_assert(!nn::layer_has_outputs<layer_index<0>, nn::dense<0>, shape<4>>);
static_assert(!nn::input_is_image<layer_index<1>, nn::max_pool2d<2>, shape<64>>);
static_assert(!nn::window_fits_input<layer_index<0>, nn::conv2d<8, 5>, shape<4, 4, 1>>);
static_assert(nn::window_fits_input<layer_index<0>, nn::conv2d<8, 5, nn::padding::same>, shape<4, 4, 1>>);
static_assert(!nn::stride_is_positive<layer_index<0>, nn::max_pool2d<2, nn::strides{0}>, shape<9, 9, 1>>);
static_assert(!nn::stride_is_positive<layer_index<0>, nn::conv2d<8, 3, nn::strides{1, 0}>, shape<9, 9, 1>>);
static_assert(nn::spec_accepts<layer_index<0>, nn::conv2d<8, 2, nn::strides{3}>, shape<9, 9, 1>>());  // skips inputs
static_assert(!nn::layer_takes_option<layer_index<0>, nn::conv2d<8, 3, 2>, 2>);
static_assert(nn::option_given_once<layer_index<0>, nn::conv2d<8, 3, nn::same>, nn::same>);
static_assert(!nn::option_given_once<layer_index<0>, nn::max_pool2d<2, nn::same, nn::valid>, nn::same>);
static_assert(!nn::layer_has_filters<layer_index<0>, nn::conv2d<0, 3>, shape<5, 5, 1>>);
static_assert(!nn::input_dimensions_are_positive<nn::input<0, 4, 1>>);
static_assert(!nn::input_dimensions_are_positive<nn::input<>>);
static_assert(!nn::input_dimensions_are_positive<nn::dense<4>>);
static_assert(nn::input_dimensions_are_positive<nn::input<28, 28, 1>>);

// A stand-in is a trainable layer without parameters whose output is one value (flat, a single position: what fit,
// classify and the losses ask of an output), and it keeps the user's spec: whatever is built on a rejected network
// finds what it needs and reports nothing more.
using stand_in = rejected_layer<nn::dense<128>, shape<13, 13, 32>>;
static_assert(nn::trainable_layer<stand_in>);
static_assert(std::is_same_v<stand_in::spec, nn::dense<128>>);
static_assert(std::is_same_v<stand_in::input_shape, shape<13, 13, 32>>);
static_assert(std::is_same_v<stand_in::output_shape, shape<1>>);
static_assert(stand_in::param_count == 0);

// Once a spec is rejected, every spec after it is a stand-in too, on the rejected one's output: none of them is
// checked, so a second wrong layer (dense<0> here) is not reported.
using after_rejection =
    nn::detail::bind_chain<nn::network_positions, false, shape<1>, nn::layer_chain<stand_in>, nn::relu,
                           nn::dense<0>>::type;
static_assert(std::is_same_v<after_rejection, nn::layer_chain<stand_in, rejected_layer<nn::relu, shape<1>>,
                                                              rejected_layer<nn::dense<0>, shape<1>>>>);

// A sequential rejected as a whole (its first entry or its length) binds none of its specs, and a stand-in takes the
// place of a missing layer, so that the network still has a last one.
static_assert(std::is_same_v<
              nn::detail::bind_sequential<false, shape<0, 4, 1>, nn::conv2d<2, 3>, nn::relu>::type,
              nn::layer_chain<rejected_layer<nn::conv2d<2, 3>, shape<0, 4, 1>>, rejected_layer<nn::relu, shape<1>>>>);
static_assert(std::is_same_v<nn::detail::bind_sequential<false, shape<4>>::type,
                             nn::layer_chain<rejected_layer<void, shape<4>>>>);

// A chain with a stand-in says it was rejected, so that a check built on a network can stay quiet.
static_assert(!after_rejection::accepted);
static_assert(!nn::detail::bind_sequential<false, shape<4>>::type::accepted);

// An accepted network binds as before.
using accepted = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<8, 3>, nn::relu, nn::max_pool2d<2>>;
static_assert(accepted::accepted);
static_assert(std::is_same_v<accepted::layer<0>, nn::bound_conv2d<nn::conv2d<8, 3>, shape<28, 28, 1>>>);
static_assert(std::is_same_v<accepted::output_shape, shape<13, 13, 8>>);
