// ctest-args: --limit 2000 --finetune-limit 1000 --test-limit 1000 --out @PROJECT_BINARY_DIR@/example-out/compression
// Model compression on the reference network and Fashion-MNIST: int8 post-training quantization and magnitude
// pruning with fine-tuning, each against the float model: test accuracy, weight bytes, and (pruned) the bytes of
// the exported header's weights.
//
//   quantize_and_prune                          trains 1 epoch on all 60,000 images, then prunes each copy gradually
//                                               over 4 epochs of fine-tuning (the target sparsity half way)
//   quantize_and_prune --model out/fashion_mnist.nns   starts from a trained model instead
#include "common/command_line.hpp"

#include <nnstatic/nnstatic.hpp>
#include <nnstatic/data/idx.hpp>
#include <nnstatic/data/normalize.hpp>
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/prune/gradual.hpp>
#include <nnstatic/quant/quantized_model.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/model.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ns = nnstatic;

using reference_network = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>,
                                         ns::flatten, ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
using trainer_type = ns::trainer<reference_network, ns::categorical_crossentropy, ns::adam, 64>;

namespace {

struct options {
  std::filesystem::path model;
  std::filesystem::path data_dir = std::string(ns::data::default_fashion_mnist_folder);
  std::filesystem::path out = "out";
  std::size_t epochs = 1, finetune_epochs = 4;
  std::size_t limit = 0, finetune_limit = 0, test_limit = 0, calibration = 1000;
};

ns::data::dataset first(const ns::data::dataset& data, std::size_t limit) {
  return limit != 0 && limit < data.size() ? ns::data::subset(data, 0, limit) : data;
}

double int8_accuracy(const ns::quantized_parameters<reference_network>& q, const ns::data::dataset& test) {
  auto model = std::make_unique<ns::int8_model<reference_network>>();
  std::size_t correct = 0;
  for (std::size_t n = 0; n < test.size(); ++n) {
    std::size_t label = 0;
    if (model->classify(q, test.images.data() + n * test.image_size(), label) != ns::inference_status::ok)
      throw std::runtime_error("int8 inference failed");
    if (label == test.labels[n]) ++correct;
  }
  return static_cast<double>(correct) / static_cast<double>(test.size());
}

}  // namespace

int main(int argc, char** argv) try {
  options opt;
  examples::command_line cli(
      "Compresses the reference network trained on Fashion-MNIST: int8 post-training quantization, and magnitude "
      "pruning to 50%, 80% and 90% with fine-tuning; reports each one's test accuracy and weight bytes.");
  cli.add("--model", opt.model, "a trained model to start from instead of training one",
          {.file = true, .must_exist = true});
  cli.add("--data-dir", opt.data_dir, "folder with Fashion-MNIST's four IDX files");
  cli.add("--out", opt.out, "folder for reference.nns and pruned_90.hpp");
  cli.add("--epochs", opt.epochs, "epochs to train the float model, when there is no --model", {.min = 1});
  cli.add("--finetune-epochs", opt.finetune_epochs, "epochs of fine-tuning while pruning gradually", {.min = 1});
  cli.add("--limit", opt.limit, "train on the first N training images only; 0: all of them");
  cli.add("--finetune-limit", opt.finetune_limit, "fine-tune on the first N training images only; 0: all of them");
  cli.add("--test-limit", opt.test_limit, "evaluate on the first N test images only; 0: all of them");
  cli.add("--calibration", opt.calibration, "training images that calibrate the int8 activation scales",
          {.min = 1});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
  std::filesystem::create_directories(opt.out);

  ns::data::dataset all_train = ns::data::load_mnist_folder(opt.data_dir, ns::data::split::train);
  ns::data::dataset test = first(ns::data::load_mnist_folder(opt.data_dir, ns::data::split::test), opt.test_limit);
  ns::data::scale(all_train, 1.0f / 255.0f);
  ns::data::scale(test, 1.0f / 255.0f);
  const ns::data::dataset train = first(all_train, opt.limit);
  const ns::data::dataset finetune = first(all_train, opt.finetune_limit);

  ns::model<reference_network> model(1);
  trainer_type trainer;
  const ns::fit_options fit{.epochs = opt.epochs, .seed = 1, .display = ns::progress_mode::lines};
  if (!opt.model.empty()) {
    model.load(opt.model);
    std::printf("loaded %s\n", opt.model.string().c_str());
  } else {
    std::printf("training the float model: %zu epoch(s) on %zu images\n", opt.epochs, train.size());
    ns::fit(trainer, model, train, fit);
    model.save(opt.out / "reference.nns");
    std::printf("saved %s (pass it as --model to skip training)\n", (opt.out / "reference.nns").string().c_str());
  }
  const double float_accuracy = ns::evaluate(trainer, model, test).accuracy;
  constexpr std::size_t float_bytes = reference_network::param_count * sizeof(float);

  // int8: calibrate on training images, never on the test set.
  const std::size_t calibration = std::min(opt.calibration, all_train.size());
  const auto q = ns::quantize(model.params(), std::span<const float>(all_train.images.data(),
                                                                     calibration * all_train.image_size()));
  const double q_accuracy = int8_accuracy(*q, test);
  constexpr std::size_t q_bytes = ns::quantized_parameters<reference_network>::weight_bytes;

  std::printf("\n%-28s %10s %14s %12s\n", "model", "test acc.", "weight bytes", "vs float");
  std::printf("%-28s %9.2f%% %14zu %11.2fx\n", "float32", 100 * float_accuracy, float_bytes, 1.0);
  std::printf("%-28s %9.2f%% %14zu %11.2fx   (%+.2f points; kernel: %s)\n", "int8 (per-channel weights)",
              100 * q_accuracy, q_bytes, static_cast<double>(float_bytes) / static_cast<double>(q_bytes),
              100 * (q_accuracy - float_accuracy), ns::avx512_vnni_compiled ? "AVX-512 VNNI" : "plain");

  // Gradual pruning (prune/gradual.hpp): the sparsity rises on a cubic schedule over the first half of fine-tuning,
  // the mask updated 40 times on the way, and the second half trains at the target sparsity.
  const ns::fit_options tune{.epochs = opt.finetune_epochs, .seed = 2, .display = ns::progress_mode::quiet};
  const std::size_t ramp_steps =
      std::max<std::size_t>(ns::data::batch_count(finetune.size(), trainer_type::batch_capacity) * opt.finetune_epochs / 2, 2);
  for (const double sparsity : {0.5, 0.8, 0.9}) {
    ns::model<reference_network> pruned = model;
    ns::model<reference_network> one_shot = model;
    ns::prune_by_magnitude(one_shot.params(), sparsity);
    const double before = ns::evaluate(trainer, one_shot, test).accuracy;
    trainer_type tuner;
    ns::prune_gradually<reference_network> pruning({.final_sparsity = sparsity,
                                                    .end_step = ramp_steps,
                                                    .frequency = std::max<std::size_t>(ramp_steps / 40, 1)});
    ns::fit(tuner, pruned, finetune, tune, pruning);
    const double after = ns::evaluate(trainer, pruned, test).accuracy;
    const auto header = ns::io::header_from<reference_network>(pruned.params(), {.name = "pruned_model"});
    const std::string label = "pruned " + std::to_string(static_cast<int>(sparsity * 100)) + "%, gradually";
    std::printf("%-28s %9.2f%% %14zu %11.2fx   (%+.2f points; %.2f%% pruned at once without fine-tuning; "
                "exported header weights)\n",
                label.c_str(), 100 * after, header.weight_bytes,
                static_cast<double>(float_bytes) / static_cast<double>(header.weight_bytes),
                100 * (after - float_accuracy), 100 * before);
    if (sparsity == 0.9) {
      ns::io::export_header<reference_network>(opt.out / "pruned_90.hpp", pruned.params(), {.name = "pruned_model"});
      std::printf("wrote %s\n", (opt.out / "pruned_90.hpp").string().c_str());
    }
  }
  std::printf("\nactivation memory of batch-1 inference: float %zu bytes (embedded_model), int8 %zu bytes (int8_model)\n",
              ns::embedded_model<reference_network>::inference_bytes, ns::int8_model<reference_network>::inference_bytes);
  std::printf("(%zu float training epoch(s) on %zu images, %zu fine-tuning epoch(s) on %zu images, %zu test images)\n",
              opt.model.empty() ? opt.epochs : 0, train.size(), opt.finetune_epochs, finetune.size(), test.size());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
