// Threads: the persistent pool (every member runs, the barrier orders memory, jobs run back to back without a
// lost wake-up) and multi-core training of the reference network: the same bits on every run for a given thread
// count, nearly the same for another count.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/thread_pool.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace {

namespace nn = nnstatic;

using reference_net = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                     nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;

}  // namespace

TEST_CASE("thread_pool: every member runs once per job, member 0 on the calling thread") {
  for (std::size_t threads = 1; threads <= 4; ++threads) {
    nn::thread_pool pool(threads);
    CHECK(pool.size() == threads);
    std::vector<int> runs(threads, 0);
    std::vector<std::thread::id> ids(threads);
    std::vector<std::size_t> sizes(threads);
    auto job = [&](nn::thread_pool::member& m) noexcept {  // no doctest macro on the workers
      ++runs[m.index()];
      ids[m.index()] = std::this_thread::get_id();
      sizes[m.index()] = m.size();
    };
    pool.run(job);
    for (int r : runs) CHECK(r == 1);
    for (std::size_t s : sizes) CHECK(s == threads);
    CHECK(ids[0] == std::this_thread::get_id());
    for (std::size_t i = 1; i < threads; ++i) CHECK(ids[i] != ids[0]);
  }
  CHECK(nn::thread_pool().size() == nn::thread_pool::default_size());
  CHECK(nn::thread_pool(0).size() == 1);
}

TEST_CASE("thread_pool: sync() is a barrier: what one member wrote before it, all read after it") {
  constexpr std::size_t threads = 3, rounds = 200;
  nn::thread_pool pool(threads);
  std::vector<std::size_t> slots(threads, 0);
  std::atomic<std::size_t> mismatches{0};
  auto job = [&](nn::thread_pool::member& m) noexcept {
    for (std::size_t round = 1; round <= rounds; ++round) {
      slots[m.index()] = round * 10 + m.index();
      m.sync();
      for (std::size_t other = 0; other < threads; ++other)
        if (slots[other] != round * 10 + other) mismatches.fetch_add(1);
      m.sync();  // nobody writes the next round before everyone has read this one
    }
  };
  pool.run(job);
  CHECK(mismatches.load() == 0);
}

TEST_CASE("thread_pool: many short jobs back to back, none lost or run twice") {
  nn::thread_pool pool(2);
  std::atomic<std::size_t> total{0};
  auto job = [&](nn::thread_pool::member& m) noexcept { total.fetch_add(m.index() + 1); };
  for (int i = 0; i < 5000; ++i) pool.run(job);
  CHECK(total.load() == 5000 * 3);
}

TEST_CASE("trainer: the reference network trains to the same bits for a thread count, close for another") {
  constexpr std::size_t batch = 24;
  using trainer_type = nn::trainer<reference_net, nn::categorical_crossentropy, nn::adam, batch>;
  std::vector<float> x(batch * 784), y(batch * 10, 0.0f);
  nn::random_engine rng(5);
  for (float& v : x) v = static_cast<float>(rng.uniform(0, 1));
  for (std::size_t n = 0; n < batch; ++n) y[n * 10 + rng.below(10)] = 1;
  auto start = std::make_unique<nn::parameters<reference_net>>();
  nn::glorot_uniform(*start, 6);

  struct outcome {
    std::unique_ptr<nn::parameters<reference_net>> params;
    std::vector<double> losses;
  };
  auto train = [&](std::size_t threads) {
    outcome o{std::make_unique<nn::parameters<reference_net>>(*start), {}};
    auto t = std::make_unique<trainer_type>(nn::adam{.learning_rate = 1e-3}, threads);
    REQUIRE(t->threads() == threads);
    for (std::size_t i = 0; i < 4; ++i)
      o.losses.push_back(t->step(*o.params, x.data(), y.data(), batch - 3 * (i % 2)).loss_sum);
    return o;
  };
  const outcome one = train(1), one_again = train(1), two = train(2), two_again = train(2);
  CHECK(one.params->values == one_again.params->values);
  CHECK(one.losses == one_again.losses);
  CHECK(two.params->values == two_again.params->values);
  CHECK(two.losses == two_again.losses);
  // Another thread count adds the partial sums in another grouping: the same step up to rounding.
  for (std::size_t i = 0; i < one.losses.size(); ++i)
    CHECK(two.losses[i] == doctest::Approx(one.losses[i]).epsilon(1e-5));
  CHECK(one.losses.back() < one.losses.front());
  const outcome three = train(3), three_again = train(3);
  CHECK(three.params->values == three_again.params->values);
}
