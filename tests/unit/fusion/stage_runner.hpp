#pragma once
// Runs the one stage of a network's plan the way the trainer and inference do, for the stage tests that compare a
// fused stage with the plain layers it replaces: forward, then backward with and without the input gradient on a
// team of threads, then forward again as inference runs it (a team of one with only the inference scratch). The
// first forward is the trainer's: a stage that takes a context (a block) is given a training one, and lays out what
// its backward reads.
#include <nnstatic/core/thread_pool.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/stage.hpp>

#include <cstddef>
#include <vector>

namespace nnstatic::testing {

template <class T>
struct stage_result {
  std::vector<T> y, grad, dx, grad_alone, inferred;
  std::vector<int> updates;  // how often update() covered each parameter
};

/// Runs `Stage`, which stands for all of `Net`, on `batch` samples, backward from `dy`, with `threads` threads.
template <class Stage, class Net, std::size_t Capacity, class T>
stage_result<T> run_given_stage(const std::vector<T>& params, const std::vector<T>& x, const std::vector<T>& dy,
                                std::size_t batch, std::size_t threads) {
  using stage = Stage;
  constexpr std::size_t stride = stage::template scratch_size<Capacity>;
  std::vector<T> scratch_storage(threads * stride + 1);
  const fusion::scratch<T> s{scratch_storage.data(), stride};
  std::vector<T> saved_storage(Capacity * stage::saved_size + 1);
  T* saved = saved_storage.data();
  stage_result<T> r{std::vector<T>(batch * Net::output_shape::size), std::vector<T>(Net::param_count),
                    std::vector<T>(batch * Net::input_shape::size),  std::vector<T>(Net::param_count),
                    std::vector<T>(batch * Net::output_shape::size), std::vector<int>(Net::param_count, 0)};
  auto update = [&](std::size_t first, std::size_t count) noexcept {
    for (std::size_t i = first; i < first + count; ++i) ++r.updates[i];  // slices never overlap, so no race
  };
  auto ignore = [](std::size_t, std::size_t) noexcept {};
  thread_pool pool(threads);
  auto job = [&](thread_pool::member& team) noexcept {
    if constexpr (fusion::contextual_stage<stage>)
      stage::template forward<Capacity>(params.data(), x.data(), r.y.data(), saved, batch, team, s,
                                        fusion::training_context<T>{});
    else
      stage::template forward<Capacity>(params.data(), x.data(), r.y.data(), saved, batch, team, s);
    team.sync();
    stage::template backward<Capacity, true>(params.data(), r.grad.data(), x.data(), r.y.data(), saved, dy.data(),
                                             r.dx.data(), batch, team, s, update);
    team.sync();
    T* no_dx = nullptr;
    stage::template backward<Capacity, false>(params.data(), r.grad_alone.data(), x.data(), r.y.data(), saved,
                                              dy.data(), no_dx, batch, team, s, ignore);
  };
  pool.run(job);
  std::vector<T> inference_scratch(stage::template inference_scratch_size<Capacity> + 1);
  fusion::solo_team solo;
  stage::template forward<Capacity>(params.data(), x.data(), r.inferred.data(), static_cast<T*>(nullptr), batch, solo,
                                    fusion::scratch<T>{inference_scratch.data(), 0});
  return r;
}

/// Runs the single stage of Net's plan for `Arch` on `batch` samples, backward from `dy`, with `threads` threads.
template <class Net, class Arch, std::size_t Capacity, class T>
stage_result<T> run_stage(const std::vector<T>& params, const std::vector<T>& x, const std::vector<T>& dy,
                          std::size_t batch, std::size_t threads) {
  using plan = fusion::plan<Net, Arch>;
  static_assert(plan::size == 1, "each network here is one stage");
  return run_given_stage<typename plan::template at<0>, Net, Capacity>(params, x, dy, batch, threads);
}

}  // namespace nnstatic::testing
