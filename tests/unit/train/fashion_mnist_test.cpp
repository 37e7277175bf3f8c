// A short run of the reference network on the real Fashion-MNIST. Without the data (tools/install-deps installs
// Debian's dataset-fashion-mnist; NNSTATIC_FASHION_MNIST_DIR names another folder) or under AddressSanitizer, the
// program is skipped as a whole (tests/support/skip.hpp): ctest then says "Skipped", never "Passed".
#include <nnstatic/data/idx.hpp>
#include <nnstatic/data/normalize.hpp>
#include <nnstatic/nnstatic.hpp>
#include <nnstatic/train/fit.hpp>

#include <doctest/doctest.h>

#include <sstream>

#include "../../support/fashion_mnist.hpp"
#include "../../support/skip.hpp"

namespace ns = nnstatic;

TEST_CASE("the reference network learns Fashion-MNIST in a few hundred batches") {
#if defined(__SANITIZE_ADDRESS__)
  ns::testing::skip("under AddressSanitizer, 200 instrumented training batches take minutes; the release and "
                    "clang builds run it");
#endif
  const auto folder = ns::testing::fashion_mnist_folder_or_skip();
  using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                             ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
  auto train = ns::data::subset(ns::data::load_mnist_folder(folder, ns::data::split::train), 0, 200 * 32);
  auto test = ns::data::subset(ns::data::load_mnist_folder(folder, ns::data::split::test), 0, 2000);
  ns::data::scale(train, 1.0f / 255.0f);
  ns::data::scale(test, 1.0f / 255.0f);

  ns::model<net> model(1);
  ns::trainer<net, ns::categorical_crossentropy, ns::adam, 32> trainer;
  std::ostringstream log;
  ns::fit(trainer, model, train, {.epochs = 1, .seed = 1, .display = ns::progress_mode::lines, .out = &log});
  const auto result = ns::evaluate(trainer, model, test);
  MESSAGE("after 200 batches of 32: test accuracy " << result.accuracy << ", loss " << result.loss);
  // One epoch over 6,000 images reaches about 0.80 here; 0.75 leaves room for seeds and kernels, not for bugs.
  CHECK(result.accuracy > 0.75);
}
