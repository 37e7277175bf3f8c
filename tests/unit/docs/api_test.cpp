// The examples of docs/api.md, sections 1 to 9, compiled and run: each `// snippet: <name>` region below is a code
// block of the document, word for word (the ctest docs_snippets compares them), and the checks after it hold the
// example to what the document says it does. Through api_fixture.hpp only <nnstatic/nnstatic.hpp> is included,
// so this also shows that the umbrella header brings in every entry point these sections name. The data are tiny
// files made here, not real data sets. Section 10 is api_deployment_test.cpp.
#include <nnstatic/nnstatic.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "api_fixture.hpp"

using namespace api_fixture;

TEST_CASE("api: the data loaders read IDX (plain and gzip) and CIFAR-10 files") {
  scratch_folder scratch;
  const std::filesystem::path folder = scratch.path;
  write_band_folder(folder);

  // snippet: load_mnist_folder
  ns::data::dataset train = ns::data::load_mnist_folder(folder, ns::data::split::train);
  ns::data::dataset test = ns::data::load_mnist_folder(folder, ns::data::split::test);
  // train.size() images of train.height x train.width x train.channels floats from 0 to 255, in NHWC order;
  // train.labels[i] < train.classes (10: MNIST and Fashion-MNIST have ten)
  // snippet end
  CHECK(train.size() == 90);
  CHECK(test.size() == 30);
  CHECK(train.classes == 10);
  CHECK(train.image_size() == 64);

  // snippet: load_idx
  ns::data::dataset pair = ns::data::load_idx(folder / "train-images-idx3-ubyte.gz",  // gzip or plain: either
                                              folder / "train-labels-idx1-ubyte", /*classes*/ 3);
  ns::data::idx_images raw = ns::data::load_idx_images(folder / "t10k-images-idx3-ubyte");  // bytes, not floats
  std::vector<std::uint8_t> labels = ns::data::load_idx_labels(folder / "t10k-labels-idx1-ubyte");
  // snippet end
  CHECK(pair.classes == 3);
  CHECK(pair.labels == train.labels);
  CHECK(raw.count == 30);
  CHECK(raw.rows == 8);
  CHECK(raw.pixels.size() == 30 * 64);
  CHECK(labels.size() == 30);

  // snippet: load_error
  std::string message;
  try {
    ns::data::load_idx_labels(folder / "t10k-images-idx3-ubyte");  // an image file where labels are expected
  } catch (const ns::data_error& e) {
    message = e.what();  // "nnstatic: bad IDX file '.../t10k-images-idx3-ubyte' at byte offset 3: the number of
                         //  dimensions: expected 1 (labels), found 3 (an images file?)"
  }
  // snippet end
  CHECK(message.find("t10k-images-idx3-ubyte") != std::string::npos);
  CHECK(message.find("byte offset 3") != std::string::npos);
  CHECK(message.find("found 3 (an images file?)") != std::string::npos);

  // snippet: load_limits
  std::string refused;
  try {
    ns::data::load_mnist_folder(folder, ns::data::split::train, {.max_bytes = 1000});  // 90 x 8 x 8 bytes: too many
  } catch (const ns::data_error& e) {
    refused = e.what();  // names the file, the bytes its header claims and the limit
  }
  const ns::data::load_limits two_gib{.max_bytes = std::uint64_t{2} << 30};  // for a data set above 256 MiB
  // snippet end
  CHECK(refused.find("train-images-idx3-ubyte.gz") != std::string::npos);
  CHECK(refused.find("5760 bytes") != std::string::npos);
  CHECK(refused.find("the limit of 1000 bytes") != std::string::npos);
  CHECK(ns::data::load_mnist_folder(folder, ns::data::split::train, two_gib).size() == 90);

  std::string records;
  for (std::uint8_t label : {std::uint8_t{7}, std::uint8_t{2}}) {
    records.push_back(static_cast<char>(label));
    records.append(3 * 1024, static_cast<char>(label * 10));
  }
  write_plain(folder / "data_batch_1.bin", records);

  // snippet: load_cifar10
  const std::vector<std::filesystem::path> files = {folder / "data_batch_1.bin"};  // plain or .gz
  ns::data::dataset cifar = ns::data::load_cifar10(files);                         // 32 x 32 x 3 in NHWC, 10 classes
  // ns::data::load_cifar10_folder(folder, ns::data::split::train) reads data_batch_1.bin to data_batch_5.bin,
  // split::test reads test_batch.bin; ns::data::cifar10_class_names[label] names a class
  // snippet end
  CHECK(cifar.size() == 2);
  CHECK(cifar.height == 32);
  CHECK(cifar.channels == 3);
  CHECK(cifar.labels[0] == 7);
  CHECK(ns::data::cifar10_class_names[cifar.labels[1]] == "bird");
}

TEST_CASE("api: normalization, one-hot targets, batches and the validation split") {
  ns::data::dataset train = band_data(90), test = band_data(30);
  for (float& pixel : train.images) pixel *= 255;
  for (float& pixel : test.images) pixel *= 255;

  // snippet: scale
  ns::data::scale(train, 1.0f / 255);  // bytes to [0, 1]
  ns::data::scale(test, 1.0f / 255);
  // snippet end
  CHECK(*std::max_element(train.images.begin(), train.images.end()) <= 1.0f);

  // snippet: standardize
  const ns::data::standardizer standardize = ns::data::standardizer::fit(train);  // mean, deviation per channel
  standardize.apply(train);
  standardize.apply(test);        // with the training set's statistics, not its own
  ns::data::check_finite(train);  // throws data_error naming the first NaN or infinite pixel
  // snippet end
  CHECK(standardize.mean.size() == 1);
  double mean = 0;
  for (float pixel : train.images) mean += static_cast<double>(pixel);
  CHECK(std::abs(mean / static_cast<double>(train.images.size())) < 1e-5);

  // snippet: one_hot
  std::array<float, 3> target{};
  ns::data::one_hot(2, target);  // {0, 0, 1}; a label of 3 or more throws nnstatic::error
  // snippet end
  CHECK(target == std::array<float, 3>{0, 0, 1});

  // snippet: batches
  constexpr std::size_t batch = 16;
  std::vector<float> images(batch * train.image_size()), targets(batch * train.classes);
  for (std::size_t epoch = 0; epoch < 2; ++epoch) {
    const std::vector<std::size_t> order = ns::data::epoch_order(train.size(), /*seed*/ 7, epoch);
    for (std::size_t b = 0; b < ns::data::batch_count(train.size(), batch); ++b) {
      const std::span<const std::size_t> indices = ns::data::batch_slice(order, b, batch);  // the last is short
      ns::data::fill_batch(train, indices, images, targets);  // images and one-hot targets, nothing allocated
    }
  }
  // snippet end
  CHECK(ns::data::batch_count(train.size(), batch) == 6);
  CHECK(ns::data::epoch_order(train.size(), 7, 0) != ns::data::epoch_order(train.size(), 7, 1));

  // snippet: split
  auto [training, validation] = ns::data::validation_split(train, 0.2);  // the last 20%, before shuffling
  ns::data::dataset first_ten = ns::data::subset(train, /*first*/ 0, /*count*/ 10);
  std::span<const float> pixels = train.image(3);  // one image: image_size() floats
  ns::data::check_consistent(train);               // sizes, class count and labels agree, or data_error
  // snippet end
  CHECK(training.size() == 72);
  CHECK(validation.size() == 18);
  CHECK(first_ten.size() == 10);
  CHECK(pixels.size() == 64);
}

TEST_CASE("api: a model is made, saved, loaded and asked for predictions") {
  scratch_folder scratch;
  const std::filesystem::path folder = scratch.path;
  const ns::data::dataset test = band_data(30);

  // snippet: model
  ns::model<net> model(/*seed*/ 42);                                    // Glorot-uniform kernels, zero biases
  std::span<float, 3 * 3 * 1 * 4> kernel = model.params().kernel<0>();  // [kh][kw][in][out], as Keras
  std::span<float, 4> bias = model.params().bias<0>();
  std::span<float, net::param_count> all = model.params().all();  // every parameter, layer after layer
  // snippet end
  CHECK(bias[0] == 0.0f);
  CHECK(kernel.data() == all.data());

  // snippet: save_load
  model.save(folder / "tiny.nns");  // written to a temporary file, then renamed over the old one
  ns::model<net> same;
  same.load(folder / "tiny.nns");  // checks magic, version, network signature, size and checksum first
  const auto loaded = ns::model<net>::from_file(folder / "tiny.nns");
  // snippet end
  CHECK(same.params().values == model.params().values);
  CHECK(loaded.params().values == model.params().values);

  // snippet: model_error
  using other = ns::sequential<ns::input<8, 8, 1>, ns::flatten, ns::dense<3>, ns::softmax>;
  try {
    ns::model<other>::from_file(folder / "tiny.nns");
  } catch (const ns::model_error& e) {
    std::puts(e.what());  // names the file and both network signatures
  }
  // snippet end
  CHECK_THROWS_AS(ns::model<other>::from_file(folder / "tiny.nns"), ns::model_error);

  // snippet: predict
  std::vector<float> probabilities = model.predict(test.images);                 // test.size() x 3 values
  const auto first = model.classify(test.image(0));                              // one sample
  std::printf("image 0: class %zu with p = %.3f\n", first.label, static_cast<double>(first.probabilities[first.label]));
  // snippet end
  CHECK(probabilities.size() == 30 * 3);
  CHECK(first.probabilities[0] == probabilities[0]);

  // snippet: infer
  ns::inference_workspace<net, float, /*batch capacity*/ 1> workspace;  // sizeof(workspace) is all it uses
  std::array<float, 3> outputs{};
  const ns::inference_status status = ns::infer(model.params(), test.image(0).data(), outputs.data(), 1, workspace);
  // status: ok, or why nothing was done; ns::describe(status) says it in words
  // snippet end
  CHECK(status == ns::inference_status::ok);
  CHECK(outputs[0] == probabilities[0]);

  // snippet: summary
  std::cout << net::summary();  // layers, output shapes and parameter counts, like Keras' model.summary()
  // snippet end
  CHECK(net::summary().find("683") != std::string::npos);
}

TEST_CASE("api: a trainer steps, evaluates and computes gradients") {
  const ns::data::dataset train = band_data(90);
  ns::model<net> model(1);
  std::vector<float> x(32 * 64), y(32 * 3);
  std::vector<std::size_t> first_32(32);
  for (std::size_t i = 0; i < 32; ++i) first_32[i] = i;
  ns::data::fill_batch(train, first_32, x, y);
  const std::size_t count = 32;

  // snippet: trainer
  ns::trainer<net, ns::categorical_crossentropy, ns::adam, /*batch capacity*/ 32> trainer(
      ns::adam{.learning_rate = 3e-3}, /*threads*/ 2);
  // x: count x 64 inputs, y: count x 3 targets (one-hot), count from 1 to 32
  ns::batch_result r = trainer.step(model.params(), x.data(), y.data(), count);  // forward, backward, update
  std::printf("loss %.4f over %zu samples\n", r.loss_sum / static_cast<double>(r.samples), r.samples);
  ns::batch_result checked = trainer.evaluate(model.params(), x.data(), y.data(), count);  // no update
  std::span<const float> outputs = trainer.outputs(count);                   // the softmax outputs of that forward pass
  trainer.compute_gradient(model.params(), x.data(), y.data(), count);       // no update either
  std::span<const float, net::param_count> gradient = trainer.param_grad();  // of the mean batch loss
  // snippet end
  CHECK(trainer.threads() == 2);
  CHECK(checked.samples == count);
  CHECK(outputs.size() == count * 3);
  CHECK(std::isfinite(gradient[0]));

  // snippet: optimizers
  using sgd_trainer_type = ns::trainer<net, ns::mean_squared_error, ns::sgd, 32>;
  sgd_trainer_type sgd_trainer(ns::sgd{.learning_rate = 0.05, .momentum = 0.9, .nesterov = true});
  // What a trainer allocates, once, when it is made: its workspace, and scratch for each thread.
  std::printf("%zu + %zu bytes per thread\n", sgd_trainer_type::workspace_bytes,
              sgd_trainer_type::scratch_bytes_per_thread);
  // snippet end
  CHECK(std::isfinite(sgd_trainer.step(model.params(), x.data(), y.data(), count).loss_sum));
}

TEST_CASE("api: fit, evaluate, callbacks, the history files and the chart") {
  scratch_folder scratch;
  const std::filesystem::path folder = scratch.path;
  const ns::data::dataset train = band_data(90), test = band_data(30);
  ns::model<net> model(1);
  trainer_type trainer;
  std::ostringstream log;

  // snippet: fit
  ns::fit_options options{.epochs = 8,              // passes over the training data
                          .batch_size = 16,         // at most the trainer's capacity; 0: the capacity
                          .validation_split = 0.2,  // the last 20%, held out before shuffling
                          .seed = 7,                // the shuffling of every epoch
                          .shuffle = true,
                          .display = ns::progress_mode::lines,  // bar, lines or quiet; default: bar on a terminal
                          .out = &log};                         // default: &std::cout
  ns::history history = ns::fit(trainer, model, train, options);
  ns::history more = ns::fit(trainer, model, train, /*validation*/ test, {.epochs = 1, .out = &log});
  // snippet end
  CHECK(history.size() == 8);
  CHECK(history.has_validation());
  CHECK(more.size() == 1);
  CHECK(log.str().find("Epoch 8/8") != std::string::npos);

  // snippet: evaluate
  ns::evaluation result = ns::evaluate(trainer, model, test);
  std::printf("test loss %.4f, accuracy %.4f on %zu samples\n", result.loss, result.accuracy, result.samples);
  for (std::size_t truth = 0; truth < result.classes; ++truth)
    std::printf("class %zu taken for class 0: %zu times\n", truth, result.confused(truth, /*predicted*/ 0));
  // snippet end
  CHECK(result.samples == 30);
  CHECK(result.accuracy > 0.9);
  std::size_t confusion_total = 0;
  for (std::size_t n : result.confusion) confusion_total += n;
  CHECK(confusion_total == 30);

  // snippet: callbacks
  ns::early_stopping stop({.watched = ns::monitor::val_loss,  // or val_accuracy, loss, accuracy
                           .patience = 2,                     // epochs without improvement before stopping
                           .min_delta = 0.0,
                           .restore_best_weights = true});
  ns::save_best best(folder / "best.nns", ns::monitor::val_accuracy);  // saved whenever val_accuracy improves
  ns::fit(trainer, model, train, {.epochs = 30, .validation_split = 0.2, .out = &log}, stop, best);
  if (stop.stopped_epoch) std::printf("stopped after epoch %zu\n", *stop.stopped_epoch);
  // snippet end
  CHECK(stop.best_epoch.has_value());
  CHECK(std::filesystem::exists(folder / "best.nns"));

  // snippet: custom_callback
  struct count_steps {
    std::size_t steps = 0;
    void on_batch_end(ns::model<net>&) { ++steps; }  // after every optimizer step
    bool on_epoch_end(const ns::epoch_record& record, const ns::model<net>&) {
      return record.accuracy > 0.99;  // true stops fit after this epoch
    }
  } counter;
  ns::fit(trainer, model, train, {.epochs = 2, .batch_size = 30, .out = &log}, counter);
  // snippet end
  CHECK((counter.steps == 3 || counter.steps == 6));

  // snippet: learning_rate_scheduler
  ns::learning_rate_scheduler cosine(ns::cosine_decay{.initial_learning_rate = 1e-3, .decay_epochs = 3, .alpha = 0.01});
  ns::learning_rate_scheduler halve([](std::size_t epoch, double rate) { return epoch == 0 ? rate : rate / 2; });
  ns::fit(trainer, model, train, {.epochs = 3, .out = &log}, cosine);  // epochs at 1e-3, 7.5e-4, 2.6e-4
  // snippet end
  CHECK(trainer.optimizer().learning_rate == doctest::Approx(1e-3 * (0.99 * 0.25 + 0.01)));
  ns::fit(trainer, model, train, {.epochs = 2, .out = &log}, halve);
  CHECK(trainer.optimizer().learning_rate == doctest::Approx(1e-3 * (0.99 * 0.25 + 0.01) / 2));

  // snippet: history
  for (const ns::epoch_record& epoch : history)
    std::printf("epoch %zu: loss %.4f, accuracy %.4f, val_loss %.4f, %.0f images/s\n", epoch.epoch, epoch.loss,
                epoch.accuracy, epoch.val_loss.value_or(NAN), epoch.images_per_second);
  const std::optional<std::size_t> lowest = history.best_epoch_by_val_loss();  // an index into history.epochs
  // snippet end
  CHECK(lowest.has_value());

  // snippet: history_files
  ns::write_csv(history, folder / "history.csv");  // epoch,loss,accuracy,val_loss,val_accuracy,seconds,...
  ns::write_json(history, folder / "history.json");
  const ns::history again = ns::read_csv(folder / "history.csv");            // every number back to the same bits
  const std::string csv = ns::to_csv(history), json = ns::to_json(history);  // the same text, in memory
  // snippet end
  CHECK(again == history);
  CHECK(ns::from_csv(csv) == history);
  CHECK(json.find("\"epochs\"") != std::string::npos);

  // snippet: chart
  ns::write_svg_chart(history, folder / "history.svg", "tiny: training history");  // loss and accuracy panels
  const std::string svg = ns::svg_chart(history, "tiny: training history");        // the same document
  // snippet end
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(std::filesystem::file_size(folder / "history.svg") == svg.size());
}
