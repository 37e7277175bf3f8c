#pragma once
// What the training examples share: their command line (training_options.hpp) and the Keras workflow after the
// data is loaded (fit, evaluate, save, load back, predict, and the history files and chart). What does not depend
// on the network (the confusion matrix, the history files) is compiled once, in workflow.cpp.
#include "training_options.hpp"

#include <nnstatic/data/dataset.hpp>
#include <nnstatic/train/callbacks.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/trainer.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/learning_rate_schedule.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace examples {

/// Prints `result`'s confusion matrix, its rows labelled with `names`.
void print_confusion(const nnstatic::evaluation& result, std::span<const std::string_view> names);

/// Writes history.csv, history.json and history.svg (the chart titled after `model_name`) to `folder`.
void write_history_files(const nnstatic::history& history, const std::filesystem::path& folder,
                         std::string_view model_name);

/// Nothing more to report after the test evaluation.
struct no_further_report {
  template <class Net>
  void operator()(const nnstatic::model<Net>&, const nnstatic::data::dataset&, const nnstatic::data::dataset&,
                  const nnstatic::evaluation&) const noexcept {}
};

/// Keras' workflow on loaded, normalized data: fit, evaluate, save, load back, check predictions, write files.
/// One trainer, its memory planned for `MaxBatch` samples, trains at the batch size of the command line.
/// `further_report(model, train, test, evaluation)` runs after the test evaluation (int8_report.hpp's
/// int8_accuracy, for one). Returns the test evaluation.
template <class Net, class Loss, class Optimizer, std::size_t MaxBatch, class FurtherReport = no_further_report>
nnstatic::evaluation train_and_report(const training_options& opt, Optimizer optimizer,
                                      const nnstatic::data::dataset& train, const nnstatic::data::dataset& test,
                                      std::string_view model_name, std::span<const std::string_view> class_names,
                                      const FurtherReport& further_report = {}) {
  std::filesystem::create_directories(opt.out);
  std::cout << Net::summary();

  nnstatic::model<Net> model(opt.seed);
  nnstatic::trainer<Net, Loss, Optimizer, MaxBatch> trainer(
      optimizer, opt.threads != 0 ? opt.threads : nnstatic::thread_pool::default_size());
  const auto model_path = opt.out / (std::string(model_name) + ".nns");
  nnstatic::save_best checkpoint{opt.out / (std::string(model_name) + ".best.nns")};

  nnstatic::fit_options fit{
      .epochs = opt.epochs, .batch_size = opt.batch_size, .validation_split = opt.validation_split, .seed = opt.seed};
  const nnstatic::cosine_decay decay{
      .initial_learning_rate = trainer.optimizer().learning_rate, .decay_epochs = opt.epochs, .alpha = 0.01};
  nnstatic::learning_rate_scheduler schedule(
      [&](std::size_t epoch, double rate) { return opt.schedule == "cosine" ? decay(epoch, rate) : rate; });
  if (opt.schedule == "cosine")
    std::printf("learning rate: cosine decay from %g to %g over %zu epochs\n", decay(0, 0), decay(opt.epochs, 0),
                opt.epochs);
  // With a validation split, keep the best model on disk and stop once validation loss stalls for 2 epochs.
  // Validating on the test set only watches it: choosing weights by it would make the test figure a tuned one.
  nnstatic::early_stopping stop({.patience = 2, .restore_best_weights = true});
  // Two calls of fit, not three: without a split, validating on the test set or on nothing is the same fit (a
  // validation set or none), compiled once.
  const nnstatic::history history =
      opt.validation_split > 0
          ? nnstatic::fit(trainer, model, train, fit, checkpoint, stop, schedule)
          : nnstatic::fit(trainer, model, train, opt.validation_data == "test" ? &test : nullptr, fit, schedule);
  if (stop.stopped_epoch)
    std::printf("early stopping after epoch %zu; restored the weights of epoch %zu\n", *stop.stopped_epoch,
                stop.best_epoch.value_or(0));

  const nnstatic::evaluation result = nnstatic::evaluate(trainer, model, test);
  std::printf("test loss: %.4f - test accuracy: %.4f (%zu images)\n", result.loss, result.accuracy, result.samples);
  print_confusion(result, class_names);
  further_report(model, train, test, result);

  model.save(model_path);
  const auto reloaded = nnstatic::model<Net>::from_file(model_path);
  const std::size_t check = std::min<std::size_t>(test.size(), 256);
  const std::span<const float> sample(test.images.data(), check * test.image_size());
  const bool identical = model.predict(sample) == reloaded.predict(sample);
  std::printf("saved %s; reloaded predictions on %zu test images are %s\n", model_path.string().c_str(), check,
              identical ? "bit-identical" : "DIFFERENT");
  if (!identical) throw std::runtime_error("the reloaded model predicts differently");

  const auto first = reloaded.classify(std::span<const float, Net::input_shape::size>(test.images.data(),
                                                                                      Net::input_shape::size));
  std::printf("test image 0: predicted %zu (%s) with p = %.3f, labelled %u\n", first.label,
              first.label < class_names.size() ? std::string(class_names[first.label]).c_str() : "?",
              static_cast<double>(first.probabilities[first.label]), static_cast<unsigned>(test.labels[0]));

  write_history_files(history, opt.out, model_name);
  std::printf("wrote %s, history.csv, history.json and history.svg to %s\n", model_path.filename().string().c_str(),
              opt.out.string().c_str());
  return result;
}

}  // namespace examples
