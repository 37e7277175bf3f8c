#pragma once
// The fully connected autoencoder of MLPerf Tiny's anomaly-detection benchmark (640 inputs: 5 frames of 128 log-mel
// bands), as its Keras reference code builds it (get_model in mlcommons/tiny, training/anomaly_detection/
// keras_model.py): four dense layers of 128, a bottleneck of 8 and four of 128, each with batch normalization and
// ReLU, then a linear dense layer of 640 that reconstructs the input, trained with mean squared error.
#include "keras_summary.hpp"
#include "layer_groups.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

#include <cstddef>

namespace zoo {

namespace fc_autoencoder_parts {
namespace ns = nnstatic;

template <std::size_t Units>
using dense_block = group<ns::dense<Units>, ns::batch_normalization<>, ns::relu>;

using network = sequential_of<group<ns::input<640>>,                                                       //
                              dense_block<128>, dense_block<128>, dense_block<128>, dense_block<128>,    // encoder
                              dense_block<8>,                                                            // bottleneck
                              dense_block<128>, dense_block<128>, dense_block<128>, dense_block<128>,    // decoder
                              group<ns::dense<640>>>;

}  // namespace fc_autoencoder_parts

using fc_autoencoder = fc_autoencoder_parts::network;

/// Keras: "Trainable params: 267,928", "Non-trainable params: 2,064" (nine batch normalizations: 8 x 128 + 8).
inline constexpr keras_summary fc_autoencoder_keras{.trainable = 267'928, .non_trainable = 2'064};
static_assert(summary_matches<fc_autoencoder>(fc_autoencoder_keras));

}  // namespace zoo
