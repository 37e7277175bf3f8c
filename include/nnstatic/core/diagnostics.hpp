#pragma once
/// Helpers for compile-time diagnostics.
///
/// C++20's static_assert takes only a string literal, so the facts a person needs (which layer, which shapes) are
/// carried in the *condition*: a named variable template whose arguments are the layer and the shapes. g++ and clang
/// both print such a condition with its arguments when it is false ("'fits<conv2d<...>, shape<...>>' evaluates to
/// false"), and the literal says in one sentence what must hold.
#include <type_traits>

namespace nnstatic::detail {

/// A `false` that depends on its arguments, so that it is evaluated only when a template is instantiated and the
/// error names those arguments.
template <class... Ts>
inline constexpr bool always_false = false;

}  // namespace nnstatic::detail
