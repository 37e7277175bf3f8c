#pragma once
/// The entry points of a network compiled for one instruction set, as a table of function pointers whose
/// arguments are the same types in every translation unit, and where each target's table is found.
///
/// A description names what to compile: `dispatch::training<Net, Loss, Optimizer, BatchCapacity>` (a trainer's
/// step and evaluation) or `dispatch::inference<Net, BatchCapacity>` (`infer`). A program names its descriptions
/// once, in a header both its own code and the source given to `nnstatic_add_instruction_sets` include:
///
///     using reference_training = ns::dispatch::training<net, ns::categorical_crossentropy, ns::adam, 64>;
///
/// and that source, compiled once per instruction set, instantiates each (dispatch/compile.hpp):
///
///     template struct nnstatic::dispatch::compiled<reference_training>;
///
/// `compiled<Description>` is declared here in every target's namespace (simd/abi.hpp) and its `table()` defined
/// only by the translation unit compiled for that target, so the program's own code, whatever its flags, refers
/// to all of them and runs only the one `dispatched_trainer` or `dispatched_inference` chose.
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/dispatch/instruction_set.hpp>
#include <nnstatic/simd/abi.hpp>
#include <nnstatic/train/trainer.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nnstatic::dispatch {

/// A trainer's step and evaluation; the trainer itself lives behind `void*`, made and destroyed by its target.
template <network Net, class Loss, class Optimizer, std::size_t BatchCapacity, class T = float>
struct training {
  struct entry_points {
    std::string_view instruction_set;  // as trainer::instruction_set() says
    void* (*make)(const Optimizer& optimizer, std::size_t threads);
    void (*destroy)(void* trainer) noexcept;
    batch_result (*step)(void* trainer, parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch);
    batch_result (*evaluate)(void* trainer, const parameters<Net, T>& params, const T* x, const T* targets,
                             std::size_t batch);
    const T* (*outputs)(const void* trainer) noexcept;  // (BatchCapacity, output_size) of the last forward pass
    std::size_t (*threads)(const void* trainer) noexcept;
    void (*seed)(void* trainer, std::uint64_t noise_seed) noexcept;
    Optimizer& (*optimizer)(void* trainer) noexcept;  // its settings, which a schedule may change between steps
  };
};

/// `infer` on the parameters as trained, through a workspace made and destroyed by its target.
template <network Net, std::size_t BatchCapacity = 1, class T = float>
struct inference {
  struct entry_points {
    std::string_view instruction_set;
    void* (*make_workspace)();
    void (*destroy_workspace)(void* workspace) noexcept;
    inference_status (*infer)(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                              void* workspace) noexcept;
  };
};

}  // namespace nnstatic::dispatch

// This translation unit's own namespace is inline, as every tagged header opens it; declared first, so that the
// declarations below extend it rather than make a namespace of that name that is not inline. Extending an inline
// namespace without repeating `inline` is what the standard allows ([namespace.def]); clang warns of it, and the
// macro below cannot tell its own namespace from the others', so the warning is off for these lines.
namespace nnstatic::dispatch::inline NNSTATIC_ISA_NAMESPACE {}

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winline-namespace-reopened-noninline"
#endif

#define NNSTATIC_DETAIL_DECLARE_COMPILED(set, suffix)                          \
  namespace nnstatic::dispatch::NNSTATIC_ISA_NAMESPACE_FOR(suffix) {           \
  template <class Description>                                                 \
  struct compiled {                                                            \
    /* defined by the translation unit compiled for this target alone */       \
    static const typename Description::entry_points& table() noexcept;         \
  };                                                                           \
  }
NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(NNSTATIC_DETAIL_DECLARE_COMPILED)
#undef NNSTATIC_DETAIL_DECLARE_COMPILED
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

namespace nnstatic::dispatch {

/// The table of `Description` compiled for `set`. Each target's table is referred to here, so a program that uses
/// a description links only with the translation units of every target of its architecture.
template <class Description>
const typename Description::entry_points& entry_points(instruction_set set) noexcept {
  switch (set) {
#define NNSTATIC_DETAIL_TABLE_CASE(set, suffix) \
  case instruction_set::set: return NNSTATIC_ISA_NAMESPACE_FOR(suffix)::compiled<Description>::table();
    NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(NNSTATIC_DETAIL_TABLE_CASE)
#undef NNSTATIC_DETAIL_TABLE_CASE
  }
  return entry_points<Description>(instruction_set{});
}

}  // namespace nnstatic::dispatch
