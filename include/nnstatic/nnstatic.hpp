#pragma once
/// nnstatic: a network is a type. This header brings in the whole library, everything a hosted program uses:
///
///   networks      `sequential`, the layers, `model` (save, load, predict, classify), `summary`, `infer`
///   training      the losses, `sgd` and `adam`, `trainer`, `fit` and its callbacks, `evaluate`, `history`
///   data          IDX (MNIST, Fashion-MNIST) and CIFAR-10 readers, scaling, standardization, batches, splits
///   files         history as CSV and JSON, the SVG chart, the model file
///   compression   int8 quantization, magnitude pruning, weights exported as a C++ header
///
/// docs/api.md walks through each of these with a compiled example. A device build (no exceptions, no heap, no
/// files) includes <nnstatic/embedded.hpp> instead, which is the part of this that never throws.
///
/// One header for all of it, rather than one per part, because the parts cost little to parse next to what a
/// program instantiates: measured with g++ 12 -O2, this header alone takes about 2.8 s, some 0.9 s more than the
/// core, layers and trainer alone (compression is under 0.1 s of that), while the reference example
/// (examples/train_fashion_mnist.cpp) spends more than twice as long again instantiating its network.
#include <nnstatic/version.hpp>

#include <nnstatic/core/concepts.hpp>
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/fingerprint.hpp>
#include <nnstatic/core/inference.hpp>
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/model.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>

#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/input.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <nnstatic/optim/adam.hpp>
#include <nnstatic/optim/sgd.hpp>

#include <nnstatic/train/callbacks.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/history.hpp>
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

#include <nnstatic/embedded.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/prune/gradual.hpp>
#include <nnstatic/prune/magnitude.hpp>
#include <nnstatic/quant/quantized_model.hpp>
