#pragma once
/// The definitions of `dispatch::compiled<Description>::table()` for the instruction set this translation unit is
/// compiled for: include it in the source given to `nnstatic_add_instruction_sets`, which compiles that source once
/// per target, and instantiate each description there (dispatch/entry_points.hpp):
///
///     #include "network.hpp"  // using reference_training = ns::dispatch::training<net, ...>;
///     #include <nnstatic/dispatch/compile.hpp>
///     template struct nnstatic::dispatch::compiled<reference_training>;
///
/// The entry points run `nnstatic::trainer` and `nnstatic::infer` of this namespace, so every kernel they reach is
/// this target's. What they reach outside the namespace (the layers' plain bodies, the thread pool, the standard
/// library's inline functions) this unit compiles for its target too, and the linker keeps one copy of each: the
/// function links the baseline unit's object before the others, so the copy kept is the one every CPU runs, and
/// `nnstatic_check_instruction_set_symbols` checks that the other units define nothing the baseline does not.
#include <nnstatic/dispatch/entry_points.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/simd/abi.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/train/trainer.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

// nnstatic_add_instruction_sets names the target each unit is for; flags that reach every source of the build
// (-mavx2 in CMAKE_CXX_FLAGS, which the unit's -march=x86-64 does not undo) would compile the unit for another,
// which must not link in its place.
#if defined(NNSTATIC_INSTRUCTION_SET_UNIT)
#define NNSTATIC_DETAIL_UNIT_NAMESPACE \
  NNSTATIC_ISA_NAMESPACE_FOR(NNSTATIC_DETAIL_CONCAT(_, NNSTATIC_INSTRUCTION_SET_UNIT))
static_assert(std::string_view(NNSTATIC_DETAIL_STRINGIZE(NNSTATIC_ISA_NAMESPACE)) ==
                  NNSTATIC_DETAIL_STRINGIZE(NNSTATIC_DETAIL_UNIT_NAMESPACE),
              "nnstatic: this unit of nnstatic_add_instruction_sets is compiled for another instruction set than its "
              "own: flags that choose one (-mavx2 in CMAKE_CXX_FLAGS) reach it; give them to targets instead");
#undef NNSTATIC_DETAIL_UNIT_NAMESPACE
#endif

namespace nnstatic::dispatch::inline NNSTATIC_ISA_NAMESPACE {

/// What `compiled<Description>::table()` returns in this translation unit: a constant.
template <class Description>
struct entry_points_of;

template <network Net, class Loss, class Optimizer, std::size_t BatchCapacity, class T>
struct entry_points_of<training<Net, Loss, Optimizer, BatchCapacity, T>> {
  using kept = trainer<Net, Loss, Optimizer, BatchCapacity, T>;

  static void* make(const Optimizer& optimizer, std::size_t threads) { return new kept(optimizer, threads); }
  static void destroy(void* t) noexcept { delete static_cast<kept*>(t); }
  static batch_result step(void* t, parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    return static_cast<kept*>(t)->step(params, x, targets, batch);
  }
  static batch_result evaluate(void* t, const parameters<Net, T>& params, const T* x, const T* targets,
                               std::size_t batch) {
    return static_cast<kept*>(t)->evaluate(params, x, targets, batch);
  }
  static const T* outputs(const void* t) noexcept { return static_cast<const kept*>(t)->outputs(0).data(); }
  static std::size_t threads(const void* t) noexcept { return static_cast<const kept*>(t)->threads(); }
  static void seed(void* t, std::uint64_t noise_seed) noexcept { static_cast<kept*>(t)->seed(noise_seed); }
  static Optimizer& optimizer(void* t) noexcept { return static_cast<kept*>(t)->optimizer(); }

  static constexpr typename training<Net, Loss, Optimizer, BatchCapacity, T>::entry_points value{
      simd::native::name(), &make, &destroy, &step, &evaluate, &outputs, &threads, &seed, &optimizer};
};

template <network Net, std::size_t BatchCapacity, class T>
struct entry_points_of<inference<Net, BatchCapacity, T>> {
  using workspace = inference_workspace<Net, T, BatchCapacity>;

  static void* make_workspace() { return new workspace(); }
  static void destroy_workspace(void* w) noexcept { delete static_cast<workspace*>(w); }
  static inference_status run(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                              void* w) noexcept {
    return infer(params, x, y, batch, *static_cast<workspace*>(w));
  }

  static constexpr typename inference<Net, BatchCapacity, T>::entry_points value{
      simd::native::name(), &make_workspace, &destroy_workspace, &run};
};

template <class Description>
const typename Description::entry_points& compiled<Description>::table() noexcept {
  return entry_points_of<Description>::value;
}

}  // namespace nnstatic::dispatch::NNSTATIC_ISA_NAMESPACE
