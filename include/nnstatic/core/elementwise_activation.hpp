#pragma once
/// `elementwise_activation<A>`: what a kernel needs to apply an activation it has never heard of.
///
/// An element-wise activation `A` gives, for scalars and for packs (simd/pack.hpp),
///     A::value(x)          A::pack_value(x)         y = f(x)
///     A::derivative(y)     A::pack_derivative(y)    f'(x), as a function of the output y = f(x), which backward keeps
/// The scalar forms are the `constexpr` reference; the pack forms are what a fused stage runs in its epilogue
/// (kernels/elementwise.hpp, kernels/conv_pool.hpp), so that any activation fuses into any kernel and no list of
/// known activations exists anywhere. A pack form may differ from its scalar form in the last bits only where it
/// calls a transcendental function (e^x, tanh), whose vectorized algorithm is not <cmath>'s.
///
/// `non_decreasing_activation<A>` adds `A::non_decreasing == true`: then max(f(a), f(b)) = f(max(a, b)), and a
/// convolution fused with a max pool takes the maximum first and activates one value per window.
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/pack.hpp>

#include <concepts>

namespace nnstatic {

namespace detail {
// The pack forms have names of their own: a scalar form written as an unconstrained template would also accept a
// pack, and its body might not compile for one, which no concept can see.
template <class A, class T>
concept activation_on_scalars = requires(T x) {
  { A::value(x) } -> std::same_as<T>;
  { A::derivative(x) } -> std::same_as<T>;
};
template <class A, class P>
concept activation_on_packs = requires(P x) {
  { A::pack_value(x) } -> std::same_as<P>;
  { A::pack_derivative(x) } -> std::same_as<P>;
};
template <class A, class T>
concept activation_on = activation_on_scalars<A, T> && activation_on_packs<A, simd::pack<T, simd::native>> &&
                        activation_on_packs<A, simd::pack<T, simd::plain>>;
}  // namespace detail

template <class A>
concept elementwise_activation = detail::activation_on<A, float> && detail::activation_on<A, double>;

template <class A>
concept non_decreasing_activation = elementwise_activation<A> && requires {
  requires A::non_decreasing;
};

}  // namespace nnstatic
