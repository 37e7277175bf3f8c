// Built at -O0 (tests/CMakeLists.txt): one epoch of fit on a tiny network must write the unoptimized-build notice to
// standard error. Exits 0 if it did, 1 if not (or if this program was optimized after all, which would check nothing).
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/fit.hpp>

#include <iostream>
#include <sstream>
#include <string>

namespace ns = nnstatic;

int main() {
  using net = ns::sequential<ns::input<4>, ns::dense<2>, ns::softmax>;
  ns::data::dataset train{.images = std::vector<float>(8 * 4, 0.5f), .labels = std::vector<std::uint8_t>(8),
                          .classes = 2, .height = 1, .width = 4, .channels = 1};
  for (std::size_t n = 0; n < 8; ++n) train.labels[n] = static_cast<std::uint8_t>(n % 2);
  ns::model<net> model(1);
  ns::trainer<net, ns::categorical_crossentropy, ns::adam, 8> trainer;
  std::ostringstream progress, errors;
  std::streambuf* const standard_error = std::cerr.rdbuf(errors.rdbuf());
  ns::fit(trainer, model, train, {.epochs = 1, .display = ns::progress_mode::lines, .out = &progress});
  std::cerr.rdbuf(standard_error);
  const bool told = errors.str() == ns::unoptimized_build_notice;
  std::cout << (told ? "fit printed the notice: " : "fit did not print the notice; it printed: ") << errors.str();
  return told && !ns::optimized_build ? 0 : 1;
}
