#pragma once
/// nnstatic: a network is a type. This header brings in everything a hosted program needs to build, train,
/// evaluate, save and use a network:
///
///   networks      `sequential`, the layers, `model` (save, load, predict, classify), `summary`, `infer`
///   training      the losses, `sgd` and `adam`, `trainer`, `fit` and its callbacks (learning-rate schedules too),
///                 `evaluate`, `history`
///   data          IDX (MNIST, Fashion-MNIST) and CIFAR-10 readers, load limits, scaling, standardization, batches,
///                 validation split
///   files         history as CSV and JSON, the SVG chart, the model file
///
/// The rest of the library has two umbrellas of its own: <nnstatic/deployment.hpp> adds pruning, int8
/// quantization and weights exported as a header (it includes this one), and <nnstatic/embedded.hpp> is what a
/// device build includes instead of this one (no exceptions, no heap, no files). docs/api.md shows every call.
///
/// One header for all of this, rather than one per part, because the parts cost little next to what a program
/// instantiates: measured with g++ 12 -O2, this header alone parses in about 2.8 s, some 0.9 s more than the core,
/// layers and trainer alone, while the reference example (examples/train_fashion_mnist.cpp) spends more than twice
/// as long again instantiating its network.
#include <nnstatic/version.hpp>

#include <nnstatic/core/concepts.hpp>
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/core/history.hpp>
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>

#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/random_flip.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <nnstatic/optim/adam.hpp>
#include <nnstatic/optim/sgd.hpp>

#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/inference.hpp>

#include <nnstatic/train/callbacks.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/learning_rate_schedule.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/progress.hpp>
#include <nnstatic/train/trainer.hpp>

#include <nnstatic/data/batches.hpp>
#include <nnstatic/data/cifar.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/data/idx.hpp>
#include <nnstatic/data/load_limits.hpp>
#include <nnstatic/data/normalize.hpp>
#include <nnstatic/data/split.hpp>

#include <nnstatic/io/atomic_file.hpp>
#include <nnstatic/io/history_files.hpp>
#include <nnstatic/io/model_file.hpp>
#include <nnstatic/io/svg_chart.hpp>

