// Compile-time facts of the reference network (the Keras MNIST example): parameter count, every layer's shape,
// the parameter offsets, the signature and its fingerprint, and the memory inference and training plan for it.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace {

namespace nn = nnstatic;
using nn::shape;

using reference = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                 nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;

// Keras' model.summary() of the same model says 693,962.
static_assert(reference::param_count == 693962);
static_assert(reference::layer_count == 8);
static_assert(std::is_same_v<reference::input_shape, shape<28, 28, 1>>);
static_assert(std::is_same_v<reference::output_shape, shape<10>>);

// Each layer's output shape, NHWC without the batch.
static_assert(std::is_same_v<reference::layer<0>::output_shape, shape<26, 26, 32>>);  // conv2d 3x3 valid
static_assert(std::is_same_v<reference::layer<1>::output_shape, shape<26, 26, 32>>);  // relu
static_assert(std::is_same_v<reference::layer<2>::output_shape, shape<13, 13, 32>>);  // max_pool2d 2x2
static_assert(std::is_same_v<reference::layer<3>::output_shape, shape<5408>>);        // flatten: 13*13*32
static_assert(std::is_same_v<reference::layer<4>::output_shape, shape<128>>);         // dense
static_assert(std::is_same_v<reference::layer<5>::output_shape, shape<128>>);         // relu
static_assert(std::is_same_v<reference::layer<6>::output_shape, shape<10>>);          // dense
static_assert(std::is_same_v<reference::layer<7>::output_shape, shape<10>>);          // softmax

// Each layer's input is the previous layer's output.
static_assert(std::is_same_v<reference::layer<0>::input_shape, shape<28, 28, 1>>);
static_assert([]<std::size_t... I>(std::index_sequence<I...>) {
  return (std::is_same_v<typename reference::layer<I + 1>::input_shape, typename reference::layer<I>::output_shape> &&
          ...);
}(std::make_index_sequence<reference::layer_count - 1>{}));

// Shape constants.
static_assert(shape<26, 26, 32>::size == 21632 && shape<26, 26, 32>::rank == 3);
static_assert(shape<26, 26, 32>::dims[0] == 26 && shape<26, 26, 32>::dims[1] == 26 && shape<26, 26, 32>::dims[2] == 32);
static_assert(shape<5408>::rank == 1 && shape<5408>::size == 5408);

// Parameter counts per layer: conv 3*3*1*32 + 32, dense 5408*128 + 128, dense 128*10 + 10, the rest 0.
static_assert(reference::layer<0>::param_count == 320);
static_assert(reference::layer<0>::kernel_size == 288 && reference::layer<0>::bias_size == 32);
static_assert(reference::layer<0>::fan_in == 9 && reference::layer<0>::fan_out == 288);
static_assert(reference::layer<1>::param_count == 0);
static_assert(reference::layer<2>::param_count == 0);
static_assert(reference::layer<3>::param_count == 0);
static_assert(reference::layer<4>::param_count == 692352);
static_assert(reference::layer<4>::kernel_size == 692224 && reference::layer<4>::bias_size == 128);
static_assert(reference::layer<4>::fan_in == 5408 && reference::layer<4>::fan_out == 128);
static_assert(reference::layer<5>::param_count == 0);
static_assert(reference::layer<6>::param_count == 1290);
static_assert(reference::layer<6>::kernel_size == 1280 && reference::layer<6>::bias_size == 10);
static_assert(reference::layer<7>::param_count == 0);

// Offsets into the flat buffer: each layer starts where the one before it ends.
static_assert(reference::param_offset<0> == 0);
static_assert(reference::param_offset<1> == 320);
static_assert(reference::param_offset<2> == 320);
static_assert(reference::param_offset<3> == 320);
static_assert(reference::param_offset<4> == 320);
static_assert(reference::param_offset<5> == 692672);
static_assert(reference::param_offset<6> == 692672);
static_assert(reference::param_offset<7> == 693962);
static_assert(reference::param_offset<8> == reference::param_count);  // one past the last layer: the total

// The chain's derived constants.
static_assert(reference::layers::size == 8);
static_assert(reference::layers::max_output_size == 21632);
static_assert(reference::layers::output_sizes[2] == 5408 && reference::layers::output_sizes[7] == 10);
static_assert(reference::layers::param_counts[4] == 692352);

// The parameter buffer and its views: sizes and extents are constants of the type.
using params = nn::parameters<reference>;
static_assert(params::size == 693962);
static_assert(alignof(params) == 64);
static_assert(sizeof(params) >= 693962 * sizeof(float));
static_assert(std::is_same_v<decltype(std::declval<params&>().kernel<0>()), std::span<float, 288>>);
static_assert(std::is_same_v<decltype(std::declval<params&>().bias<0>()), std::span<float, 32>>);
static_assert(std::is_same_v<decltype(std::declval<params&>().kernel<4>()), std::span<float, 692224>>);
static_assert(std::is_same_v<decltype(std::declval<params&>().bias<6>()), std::span<float, 10>>);
static_assert(std::is_same_v<decltype(std::declval<const params&>().kernel<6>()), std::span<const float, 1280>>);
static_assert(std::is_same_v<decltype(std::declval<params&>().of_layer<4>()), std::span<float, 692352>>);
static_assert(std::is_same_v<decltype(std::declval<params&>().of_layer<1>()), std::span<float, 0>>);
static_assert(std::is_same_v<decltype(std::declval<params&>().all()), std::span<float, 693962>>);
static_assert(
    std::is_same_v<decltype(std::declval<nn::parameters<reference, double>&>().kernel<0>()), std::span<double, 288>>);

// The signature spells the network out; the fingerprint is its FNV-1a hash, both constants of the type.
static_assert(reference::signature ==
              "input<28,28,1> conv2d<32,3x3,strides 1x1,valid> relu max_pool2d<2x2,strides 2x2,valid> flatten "
              "dense<128> relu dense<10> softmax");
static_assert(reference::fingerprint == nn::fingerprint(reference::signature));

// The C++ spelling of the type, with every default written out (for headers that export a trained model).
static_assert(
    reference::cpp_type ==
    "nnstatic::sequential<nnstatic::input<28, 28, 1>, "
    "nnstatic::conv2d<32, nnstatic::size2d{3, 3}, nnstatic::strides{1, 1}, nnstatic::padding::valid>, nnstatic::relu, "
    "nnstatic::max_pool2d<nnstatic::size2d{2, 2}, nnstatic::strides{2, 2}, nnstatic::padding::valid>, "
    "nnstatic::flatten, nnstatic::dense<128>, nnstatic::relu, nnstatic::dense<10>, nnstatic::softmax>");

// Networks that differ anywhere have different signatures and fingerprints.
using narrower = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                nn::dense<64>, nn::relu, nn::dense<10>, nn::softmax>;
using padded = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3, nn::padding::same>, nn::relu,
                              nn::max_pool2d<2>, nn::flatten, nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using strided = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3, nn::strides{2}>, nn::relu, nn::max_pool2d<2>,
                               nn::flatten, nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using other_input = nn::sequential<nn::input<28, 28, 3>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                   nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using no_softmax = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                  nn::dense<128>, nn::relu, nn::dense<10>>;
using same_again = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, nn::size2d{3, 3}, nn::strides{1}, nn::valid>,
                                  nn::relu, nn::max_pool2d<2, nn::valid, nn::strides{2, 2}>, nn::flatten,
                                  nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
static_assert(narrower::signature != reference::signature && narrower::fingerprint != reference::fingerprint);
static_assert(padded::signature ==
              "input<28,28,1> conv2d<32,3x3,strides 1x1,same> relu max_pool2d<2x2,strides 2x2,valid> flatten "
              "dense<128> relu dense<10> softmax");
static_assert(padded::fingerprint != reference::fingerprint);
static_assert(strided::fingerprint != reference::fingerprint && strided::fingerprint != padded::fingerprint);
static_assert(other_input::fingerprint != reference::fingerprint);
static_assert(no_softmax::fingerprint != reference::fingerprint);
// Spelling out the defaults, in any order, gives another type of the same network: the same signature.
static_assert(!std::is_same_v<same_again, reference>);
static_assert(same_again::signature == reference::signature && same_again::fingerprint == reference::fingerprint);

// Inference keeps its activations in one arena planned by liveness over the fused stages: the convolution stage's
// pooled output (13*13*32 values) and the first dense stage's (128) are live together, nothing more, and softmax
// writes over its input; besides, the fused kernels' scratch. The workspace's sizeof is the two (each padded to
// whole 64-byte lines), and inference_bytes says so.
constexpr std::size_t whole_lines(std::size_t bytes) { return (bytes + 63) / 64 * 64; }
template <class Workspace>
constexpr bool only_arena_and_scratch =
    sizeof(Workspace) == whole_lines(sizeof(Workspace::arena)) + whole_lines(sizeof(Workspace::scratch));
using workspace_1 = nn::inference_workspace<reference>;
static_assert(workspace_1::batch_capacity == 1);
static_assert(workspace_1::arena_size == 5408 + 128);
static_assert(sizeof(workspace_1::arena) == (5408 + 128) * sizeof(float));
static_assert(only_arena_and_scratch<workspace_1>);
static_assert(alignof(workspace_1) == 64);
static_assert(nn::inference_bytes<reference> == sizeof(workspace_1));
using workspace_8 = nn::inference_workspace<reference, float, 8>;
static_assert(workspace_8::arena_size == 8 * (5408 + 128));
static_assert(only_arena_and_scratch<workspace_8>);
using workspace_double = nn::inference_workspace<reference, double, 4>;
static_assert(sizeof(workspace_double::arena) == 4 * (5408 + 128) * sizeof(double));
static_assert(only_arena_and_scratch<workspace_double>);

// Training plans its memory from the type too. At least: the parameter gradient, Adam's two moments and two
// gradient buffers of the largest stage input or output (the pooled 13*13*32: the unpooled convolution gradient is
// the fused stage's own) for a full batch. At most, besides those: every layer's output and as much again saved for
// backward, for a full batch, two per-sample sums and a line of padding per array.
using reference_trainer = nn::trainer<reference, nn::categorical_crossentropy, nn::adam, 32>;
constexpr std::size_t activations_per_sample = 2 * 21632 + 2 * 5408 + 2 * 128 + 2 * 10;
constexpr std::size_t least_bytes = (3 * 693962 + 2 * 32 * 5408) * sizeof(float);
static_assert(reference_trainer::training_bytes(2) ==
              reference_trainer::workspace_bytes + 2 * reference_trainer::scratch_bytes_per_thread + 64);
static_assert(reference_trainer::workspace_bytes >= least_bytes);
static_assert(reference_trainer::workspace_bytes <=
              least_bytes + 2 * 32 * activations_per_sample * sizeof(float) + 2 * 32 * sizeof(double) + 16 * 64);
static_assert(reference_trainer::input_size == 784 && reference_trainer::output_size == 10);
static_assert(reference_trainer::batch_capacity == 32);

}  // namespace
