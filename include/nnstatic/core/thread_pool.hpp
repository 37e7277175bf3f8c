#pragma once
/// `thread_pool`: a team of threads started once, which runs one job at a time on all of them.
///
/// A training step is one job: every thread runs the whole step on its share of the work, and the members meet
/// at `sync()` between the layers. Nothing is allocated per job (the job is passed by pointer, never wrapped in
/// a std::function), so a step stays allocation-free. Waiting threads spin for a few microseconds, then sleep on
/// the atomic (a futex on Linux), so an idle pool costs nothing and a busy one wakes in well under a microsecond.
#include <nnstatic/config/requires_cxx20.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <thread>
#include <vector>

namespace nnstatic {

class thread_pool {
 public:
  /// The hardware's thread count (at least 1): what trainers use unless told otherwise.
  static std::size_t default_size() noexcept { return std::max<std::size_t>(1, std::thread::hardware_concurrency()); }

  /// Starts `threads - 1` workers (the thread that calls `run` is the first member). If one cannot be started,
  /// the workers already running are stopped and joined, and std::jthread's std::system_error is rethrown.
  explicit thread_pool(std::size_t threads = default_size()) : size_(std::max<std::size_t>(1, threads)) {
    workers_.reserve(size_ - 1);
    try {
      for (std::size_t i = 1; i < size_; ++i) workers_.emplace_back([this, i](std::stop_token stop) { work(stop, i); });
    } catch (...) {
      // A constructor that throws runs no destructor of its own, only its members': workers_ would then join
      // workers asleep on generation_ forever. Wake them first.
      stop_workers();
      throw;
    }
  }

  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;

  ~thread_pool() { stop_workers(); }

  std::size_t size() const noexcept { return size_; }

  /// One thread's view of the running job.
  class member {
   public:
    std::size_t index() const noexcept { return index_; }
    std::size_t size() const noexcept { return pool_->size_; }
    /// Returns once every member of the team has called it (a barrier; memory written before it is visible to
    /// all members after it).
    void sync() const noexcept { pool_->arrive_and_wait(); }

   private:
    friend class thread_pool;
    member(thread_pool* pool, std::size_t index) noexcept : pool_(pool), index_(index) {}
    thread_pool* pool_;
    std::size_t index_;
  };

  /// Calls job(member) on every thread of the pool, this one as member 0, and returns when all have returned.
  /// The job must not throw. One job at a time: `run` is not reentrant and not meant to be called concurrently.
  template <class Job>
  void run(Job& job) noexcept {
    if (size_ == 1) {
      member self(this, 0);
      job(self);
      return;
    }
    job_ = &job;
    invoke_ = [](void* j, member& m) noexcept { (*static_cast<Job*>(j))(m); };
    finished_.store(0, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    member self(this, 0);
    job(self);
    const auto workers = static_cast<std::uint32_t>(size_ - 1);
    wait_while([&] { return finished_.load(std::memory_order_acquire) != workers; }, finished_);
  }

 private:
  static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  /// Spins while `busy()` for a while, then sleeps on `word` until it changes.
  template <class Busy>
  static void wait_while(Busy&& busy, std::atomic<std::uint32_t>& word) noexcept {
    for (int i = 0; i < spin_limit; ++i) {
      if (!busy()) return;
      pause();
    }
    for (;;) {
      const std::uint32_t seen = word.load(std::memory_order_acquire);
      if (!busy()) return;
      word.wait(seen, std::memory_order_acquire);
    }
  }

  /// Asks every worker to stop and wakes them; each std::jthread then joins in its destructor.
  void stop_workers() noexcept {
    for (auto& worker : workers_) worker.request_stop();
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
  }

  void work(std::stop_token stop, std::size_t index) noexcept {
    std::uint32_t seen = 0;
    member self(this, index);
    for (;;) {
      wait_while([&] { return generation_.load(std::memory_order_acquire) == seen; }, generation_);
      if (stop.stop_requested()) return;
      seen = generation_.load(std::memory_order_acquire);
      invoke_(job_, self);
      finished_.fetch_add(1, std::memory_order_acq_rel);
      finished_.notify_one();
    }
  }

  void arrive_and_wait() noexcept {
    if (size_ == 1) return;
    const std::uint32_t phase = phase_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == size_) {
      arrived_.store(0, std::memory_order_relaxed);
      phase_.store(phase + 1, std::memory_order_release);
      phase_.notify_all();
      return;
    }
    wait_while([&] { return phase_.load(std::memory_order_acquire) == phase; }, phase_);
  }

  /// About 20-50 microseconds of spinning before sleeping: longer than any wait inside a step on an idle machine.
  static constexpr int spin_limit = 1 << 12;

  std::size_t size_;
  void* job_ = nullptr;
  void (*invoke_)(void*, member&) noexcept = nullptr;
  alignas(64) std::atomic<std::uint32_t> generation_{0};
  alignas(64) std::atomic<std::uint32_t> finished_{0};
  alignas(64) std::atomic<std::uint32_t> arrived_{0};
  alignas(64) std::atomic<std::uint32_t> phase_{0};
  std::vector<std::jthread> workers_;  // last: started after, and joined before, everything above
};

}  // namespace nnstatic
