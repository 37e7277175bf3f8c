#pragma once
/// `residual<Specs...>`: a chain with an identity shortcut around it, ResNet's basic block before its relu.
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/branch.hpp>

namespace nnstatic {

/// y = x + f(x), f the chain `Specs...`: shorthand for `add<branch<Specs...>, branch<>>`, which is how errors,
/// signatures and exported headers spell it.
///
///     residual<conv2d<16, 3, same>, relu, conv2d<16, 3, same>>, relu
template <layer_spec... Specs>
using residual = add<branch<Specs...>, branch<>>;

}  // namespace nnstatic
