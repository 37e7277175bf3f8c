// The reference network in dlib (Debian's libdlib-dev), measured as pytorch_reference.py measures PyTorch: Conv 1->32
// 3x3 (valid: dlib pads stride-1 convolutions by half the kernel unless told not to), ReLU, MaxPool 2, Dense 128,
// ReLU, Dense 10 with softmax cross-entropy (loss_multiclass_log), batch 64, Adam (lr 1e-3, no weight decay),
// float32, synthetic 28x28 images. Prints one JSON object like pytorch_reference.py's.
//
//     build/release/benchmarks/peers/dlib_reference --steps 60
//
// dlib's trainer runs each step on a thread of its own and returns before the step is done; the timed loop ends
// with get_net(), which waits for the steps queued. dlib's CPU layers are single-threaded.
#include <dlib/dnn.h>
#include <dlib/revision.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

template <typename Subnet>
using valid_conv32 = dlib::add_layer<dlib::con_<32, 3, 3, 1, 1, 0, 0>, Subnet>;

using reference_network = dlib::loss_multiclass_log<
    dlib::fc<10, dlib::relu<dlib::fc<128, dlib::max_pool<2, 2, 2, 2, dlib::relu<valid_conv32<
                                                                         dlib::input<dlib::matrix<float>>>>>>>>>;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t steps = 60;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--steps") == 0) steps = std::strtoul(argv[i + 1], nullptr, 10);
  constexpr std::size_t batch = 64;

  std::mt19937 rng(1);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  std::vector<dlib::matrix<float>> images(batch, dlib::matrix<float>(28, 28));
  for (auto& image : images)
    for (long r = 0; r < 28; ++r)
      for (long c = 0; c < 28; ++c) image(r, c) = pixel(rng);
  std::vector<unsigned long> labels(batch);
  for (auto& label : labels) label = rng() % 10;

  reference_network net;
  dlib::dnn_trainer<reference_network, dlib::adam> trainer(net, dlib::adam(0.0f, 0.9f, 0.999f));
  trainer.set_learning_rate(1e-3);
  trainer.set_mini_batch_size(batch);
  for (int warmup = 0; warmup < 10; ++warmup) trainer.train_one_step(images, labels);
  trainer.get_net();
  auto start = std::chrono::steady_clock::now();
  for (std::size_t step = 0; step < steps; ++step) trainer.train_one_step(images, labels);
  trainer.get_net();
  const double train_images_per_second = static_cast<double>(steps * batch) / seconds_since(start);

  net = trainer.get_net();
  net.clean();
  for (int warmup = 0; warmup < 10; ++warmup) net(images);
  start = std::chrono::steady_clock::now();
  for (std::size_t call = 0; call < steps; ++call) net(images);
  const double infer64_images_per_second = static_cast<double>(steps * batch) / seconds_since(start);

  std::vector<double> single;
  for (int call = 0; call < 450; ++call) {
    start = std::chrono::steady_clock::now();
    const unsigned long label = net(images[0]);
    if (call >= 50) single.push_back(seconds_since(start));
    if (label > 9) return 1;
  }
  std::nth_element(single.begin(), single.begin() + static_cast<std::ptrdiff_t>(single.size() / 2), single.end());

  std::printf("{\"threads\": 1, \"train_images_per_second\": %.1f, \"infer64_images_per_second\": %.1f, "
              "\"infer1_seconds\": %.9f, \"dlib\": \"%d.%d\"}\n",
              train_images_per_second, infer64_images_per_second, single[single.size() / 2], DLIB_MAJOR_VERSION,
              DLIB_MINOR_VERSION);
}
