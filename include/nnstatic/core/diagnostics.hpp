#pragma once
/// Helpers for compile-time diagnostics: one error per wrong network, naming the layer, where it is and its input.
///
/// C++20's static_assert takes only a string literal, so the facts a person needs (which layer, which shapes) are
/// carried in the *condition*: a named variable template whose arguments are the layer's position, the layer and
/// its input shape. g++ and clang both print such a condition with its arguments when it is false
/// ("'input_is_flat<layer_index<3>, dense<128>, shape<13, 13, 32>>' evaluates to false"), and the literal says in
/// one sentence what must hold.
///
/// A wrong network must give that one error and nothing after it. So the binding asks each spec whether it accepts
/// its input before binding it (`accepts`, below): a spec reports only the first requirement the input breaks, and
/// from then on the binding puts a `rejected_layer` in place of every layer, a stand-in that checks nothing and whose
/// output satisfies every check on an output, so that no later layer, and nothing built on the network (trainer,
/// model, fit, fusion plan), errors again. The checks are not static_asserts in the bound layers, as they once were:
/// clang marks a class whose static_assert failed as invalid, and every type read from it becomes `int` (hence
/// `chain_list<int>` and "output_shape (aka int) is not a class"), while g++ goes on with the layer's meaningless
/// output shape, and the next layer fails on it (a pooling window over `shape<0, 0, 32>`).
#include <nnstatic/core/shape.hpp>

#include <cstddef>

namespace nnstatic {

/// Where a layer sits in its network, as the binding numbers it: `layer_index<I>` is `net::layer<I>` and
/// `params.kernel<I>()`, counted from 0 after `input<...>`, which is not a layer. It is the first argument of every
/// requirement of a layer, so that a failing one prints the position beside the spec and the shape.
template <std::size_t Index>
struct layer_index {
  static constexpr std::size_t value = Index;
};

/// Where a layer sits inside a block (add, concatenate): layer `Index` of branch `Branch` of the block at `Block`,
/// each counted from 0. `Block` is the block's own position, a `layer_index` or, in a nested block, another
/// `layer_in_branch`, so that an error deep inside prints the whole path:
/// `layer_in_branch<layer_index<2>, 1, 0>` is the first layer of the second branch of `net::layer<2>`.
template <class Block, std::size_t Branch, std::size_t Index>
struct layer_in_branch {
  using block = Block;
  static constexpr std::size_t branch = Branch;
  static constexpr std::size_t value = Index;
};

/// How the binding names the positions of a chain's layers: a network's as `layer_index<I>`, a branch's as
/// `layer_in_branch<Block, Branch, I>`.
struct network_positions {
  template <std::size_t I>
  using at = layer_index<I>;
};
template <class Block, std::size_t Branch>
struct branch_positions {
  template <std::size_t I>
  using at = layer_in_branch<Block, Branch, I>;
};

/// Whether `Spec` accepts the input shape `In` at position `At`. A spec states its requirements in a
/// `template <class At, class In> static constexpr bool accepts()`, which checks them in order with an
/// `if constexpr` chain: the first one that fails is reported by a static_assert on its variable template and
/// returns false, so the requirements after it are neither checked nor reported. A spec without `accepts` takes
/// any shape (relu, flatten, softmax).
template <class At, class Spec, class In>
constexpr bool spec_accepts() {
  if constexpr (requires { Spec::template accepts<At, In>(); })
    return Spec::template accepts<At, In>();
  else
    return true;
}

namespace detail {

/// A `false` that depends on its arguments, so that it is evaluated only when a template is instantiated and the
/// error names those arguments.
template <class... Ts>
inline constexpr bool always_false = false;

/// What the binding puts in place of a layer once one has been rejected: the rejected one and every one after it,
/// so that only the first error is reported. It has no parameters and does nothing, and its output is one value,
/// flat and a single position, the least that anything built on a network asks of its output (fit, classify and
/// the losses take one vector per sample): whatever is built on the network stays quiet, and the program does not
/// compile anyway. It keeps the user's `Spec`, so checks on a network's last layer (a loss and its activation) still
/// see what was written.
template <class Spec, class In>
struct rejected_layer {
  using spec = Spec;
  using input_shape = In;
  using output_shape = shape<1>;
  static constexpr std::size_t param_count = 0;

  template <class T>
  static constexpr void forward(const T* /*params*/, const T* /*x*/, T* /*y*/, std::size_t /*batch*/) noexcept {}

  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* /*x*/, const T* /*y*/,
                                 const T* /*dy*/, T* /*dx*/, std::size_t /*batch*/) noexcept {}
};

template <class Layer>
inline constexpr bool is_rejected_layer = false;
template <class Spec, class In>
inline constexpr bool is_rejected_layer<rejected_layer<Spec, In>> = true;

}  // namespace detail
}  // namespace nnstatic
