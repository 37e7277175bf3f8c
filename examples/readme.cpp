// ctest-args: 1
// The example of README.md, which shows this file from the line after the next to the end, word for word (the
// ctest docs_snippets compares them). `readme` trains for 10 epochs as the README says; `readme 1` for one (the ctest).
// snippet: readme
#include <nnstatic/nnstatic.hpp>

#include <cstdio>
#include <cstdlib>
namespace ns = nnstatic;

using net = ns::sequential<ns::input<28, 28, 1>,                                         //
                           ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,  //
                           ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
static_assert(net::param_count == 693962);  // Keras' model.summary() says the same

int main(int argc, char** argv) try {
  const std::size_t epochs = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10;  // `readme 1` trains one epoch
  auto train = ns::data::load_mnist_folder("/usr/share/datasets/fashion-mnist", ns::data::split::train);
  auto test = ns::data::load_mnist_folder("/usr/share/datasets/fashion-mnist", ns::data::split::test);
  ns::data::scale(train, 1.0f / 255);  // bytes to [0, 1]
  ns::data::scale(test, 1.0f / 255);

  ns::model<net> model(/*seed*/ 1);  // Glorot-uniform kernels, zero biases
  ns::trainer<net, ns::categorical_crossentropy, ns::adam, /*max batch*/ 256> trainer;  // Keras' compile()
  auto history = ns::fit(trainer, model, train, {.epochs = epochs, .batch_size = 64, .validation_split = 0.1});
  auto result = ns::evaluate(trainer, model, test);  // loss, accuracy, confusion matrix
  std::printf("test loss %.4f, test accuracy %.4f\n", result.loss, result.accuracy);
  model.save("fashion_mnist.nns");        // atomic; loading checks topology and checksum
  ns::write_csv(history, "history.csv");  // loss and accuracy per epoch; also write_json, write_svg_chart
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());  // what went wrong and where: file, byte offset, expected, found
  return 1;
}
