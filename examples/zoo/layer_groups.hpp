#pragma once
// A network written as groups of layers: `group<...>` names a run of layers once (a depthwise-separable block, say),
// and `sequential_of<group<...>, ...>` splices the groups into one `nnstatic::sequential`, so that a model that
// repeats a block reads as the block and its repetitions rather than one long list.
#include <nnstatic/core/sequential.hpp>

namespace zoo {

template <class... Layers>
struct group {};

namespace detail {

template <class... Groups>
struct splice;
template <class... Layers>
struct splice<group<Layers...>> {
  using type = nnstatic::sequential<Layers...>;
};
template <class... Done, class... Next, class... Rest>
struct splice<group<Done...>, group<Next...>, Rest...> {
  using type = typename splice<group<Done..., Next...>, Rest...>::type;
};

}  // namespace detail

template <class... Groups>
using sequential_of = typename detail::splice<Groups...>::type;

}  // namespace zoo
