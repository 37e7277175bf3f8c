#pragma once
// Seeing a program's allocations: this header replaces every global operator new and delete (plain, array, aligned,
// nothrow: all twelve news and their deletes, [new.delete]) by ones that count the allocations, their bytes and the
// largest, and `allocations_during(run)` reads the counts around a call. Include it in exactly one translation unit
// of a program (each test is one), since it defines the replacements.
//
// Works under AddressSanitizer too: ASan intercepts malloc, aligned_alloc and free, which the replacements call, so
// ASan still checks every block; only its new/delete mismatch checks are lost, as for any program that replaces
// operator new. Run no doctest macro inside a counted call, since doctest may allocate itself. Allocations of every
// thread count, so a thread pool's allocations are seen too.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace nnstatic::testing {

/// What the allocations of one call asked for.
struct allocation_tally {
  std::size_t count = 0;    ///< calls to an operator new
  std::size_t bytes = 0;    ///< the sizes they asked for, summed
  std::size_t largest = 0;  ///< the largest size one asked for
};

namespace detail {

inline std::atomic<std::size_t> allocation_count{0};
inline std::atomic<std::size_t> allocated_bytes{0};
inline std::atomic<std::size_t> largest_allocation{0};

inline void note_allocation(std::size_t size) noexcept {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  allocated_bytes.fetch_add(size, std::memory_order_relaxed);
  std::size_t seen = largest_allocation.load(std::memory_order_relaxed);
  while (size > seen && !largest_allocation.compare_exchange_weak(seen, size, std::memory_order_relaxed)) {
  }
}

inline void* counted_allocate(std::size_t size) noexcept {
  note_allocation(size);
  return std::malloc(size == 0 ? 1 : size);
}

inline void* counted_allocate(std::size_t size, std::align_val_t alignment) noexcept {
  note_allocation(size);
  const auto align = static_cast<std::size_t>(alignment);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = size == 0 ? align : (size + align - 1) / align * align;
  return std::aligned_alloc(align, rounded);
}

/// Frees a block of the replacements below. Out of line: g++ would otherwise inline free() into each delete, see
/// it applied to the result of operator new and warn (-Wmismatched-new-delete), not knowing that this new is malloc.
[[gnu::noinline]] inline void release(void* p) noexcept { std::free(p); }

inline void* allocated_or_throw(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace detail

/// What `run()` allocated, on any thread, while it ran. Not nested: an inner call resets the largest of the outer.
template <class Run>
allocation_tally allocations_during(Run&& run) {
  const std::size_t count = detail::allocation_count.load(), bytes = detail::allocated_bytes.load();
  detail::largest_allocation.store(0);
  run();
  return {detail::allocation_count.load() - count, detail::allocated_bytes.load() - bytes,
          detail::largest_allocation.load()};
}

/// Each pointer a self-check allocates escapes through this volatile store: the compiler may otherwise pair a new
/// with its delete and drop both, as clang does at -O2 (allowed since C++14).
inline void* volatile escaped_allocation = nullptr;

/// `p`, escaped (above).
template <class T>
T* escape(T* p) noexcept {
  escaped_allocation = p;
  return p;
}

}  // namespace nnstatic::testing

void* operator new(std::size_t size) {
  return nnstatic::testing::detail::allocated_or_throw(nnstatic::testing::detail::counted_allocate(size));
}
void* operator new[](std::size_t size) {
  return nnstatic::testing::detail::allocated_or_throw(nnstatic::testing::detail::counted_allocate(size));
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return nnstatic::testing::detail::allocated_or_throw(nnstatic::testing::detail::counted_allocate(size, alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return nnstatic::testing::detail::allocated_or_throw(nnstatic::testing::detail::counted_allocate(size, alignment));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return nnstatic::testing::detail::counted_allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return nnstatic::testing::detail::counted_allocate(size);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return nnstatic::testing::detail::counted_allocate(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return nnstatic::testing::detail::counted_allocate(size, alignment);
}

// Every block came from malloc or aligned_alloc, so free releases it whatever the form of delete.
void operator delete(void* p) noexcept { nnstatic::testing::detail::release(p); }
void operator delete[](void* p) noexcept { nnstatic::testing::detail::release(p); }
void operator delete(void* p, std::size_t) noexcept { nnstatic::testing::detail::release(p); }
void operator delete[](void* p, std::size_t) noexcept { nnstatic::testing::detail::release(p); }
void operator delete(void* p, std::align_val_t) noexcept { nnstatic::testing::detail::release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { nnstatic::testing::detail::release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { nnstatic::testing::detail::release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { nnstatic::testing::detail::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { nnstatic::testing::detail::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { nnstatic::testing::detail::release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  nnstatic::testing::detail::release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  nnstatic::testing::detail::release(p);
}
