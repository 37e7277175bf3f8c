// thread_pool: a pool whose k-th worker cannot be started throws the std::system_error of std::jthread's
// constructor, after stopping and joining the workers it had already started: it neither hangs nor leaks a thread.
// (Running jobs, the barrier and back-to-back jobs are tested in tests/unit/train/threads_test.cpp.)
//
// The failure is the real one. This executable defines pthread_create, which the dynamic linker binds ahead of the
// C library's for every caller, std::jthread's constructor included; it fails with EAGAIN, as when a process has
// run out of threads, at the start chosen by the test and passes every other start on. So the library needs no
// hook of its own. Each case runs in a forked child under alarm(): a pool that hangs fails the case by timeout
// instead of hanging CI.
#include <nnstatic/core/thread_pool.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <system_error>

#include <dlfcn.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

/// How many more thread starts succeed before one fails; negative: none fails.
std::atomic<int> starts_before_failure{-1};

}  // namespace

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attributes, void* (*start)(void*),
                              void* argument) noexcept {
  using function = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
  static const auto next = reinterpret_cast<function>(dlsym(RTLD_NEXT, "pthread_create"));
  if (starts_before_failure.load() >= 0 && starts_before_failure.fetch_sub(1) == 0) return EAGAIN;
  return next(thread, attributes, start, argument);
}

namespace {

namespace nn = nnstatic;

/// What a child did, reported through its exit code; the last two the parent finds out by itself.
enum outcome : int { threw_eagain, started, threw_something_else, broken_afterwards, hung, killed };

std::string describe(outcome o) {
  switch (o) {
    case threw_eagain: return "the pool threw std::system_error(EAGAIN)";
    case started: return "the pool started every worker";
    case threw_something_else: return "the pool threw something other than std::system_error(EAGAIN)";
    case broken_afterwards: return "a pool made after the failure did not run its job on every thread";
    case hung: return "the child hung (killed by alarm)";
    case killed: return "the child was killed by a signal";
  }
  return "unknown outcome";
}

/// Runs `body` in a forked child that has `seconds` to exit.
template <class Body>
outcome in_child(Body body, unsigned seconds = 10) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    alarm(seconds);
    std::_Exit(body());
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGALRM ? hung : killed;
  return static_cast<outcome>(WEXITSTATUS(status));
}

/// Makes a pool of `threads` whose worker `failing` (1 to threads - 1; 0 for none) cannot be started, then a pool
/// with nothing planted, which must run a job on every thread.
int start_with_failure(std::size_t threads, int failing) {
  starts_before_failure = failing - 1;
  outcome first = started;
  try {
    nn::thread_pool pool(threads);
  } catch (const std::system_error& e) {
    first = e.code() == std::errc::resource_unavailable_try_again ? threw_eagain : threw_something_else;
  } catch (...) {
    first = threw_something_else;
  }
  starts_before_failure = -1;
  nn::thread_pool pool(threads);
  std::atomic<std::size_t> ran{0};
  auto job = [&](nn::thread_pool::member&) noexcept { ran.fetch_add(1); };
  pool.run(job);
  return ran.load() == threads ? first : broken_afterwards;
}

}  // namespace

TEST_CASE("thread_pool: a worker that cannot be started is an exception, after the started ones are joined") {
  constexpr std::size_t threads = 4;  // three workers
  for (int failing = 1; failing < static_cast<int>(threads); ++failing) {
    CAPTURE(failing);
    const outcome result = in_child([&] { return start_with_failure(threads, failing); });
    INFO(describe(result));
    CHECK(result == threw_eagain);
  }
}

TEST_CASE("thread_pool: with no failure planted, the stand-in pthread_create starts every worker") {
  const outcome result = in_child([] { return start_with_failure(3, 0); });
  INFO(describe(result));
  CHECK(result == started);
}
