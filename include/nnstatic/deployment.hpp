#pragma once
/// nnstatic from a trained model to a device: magnitude pruning, at once or gradually while training
/// (`prune_by_magnitude`, `keep_pruned`, `prune_gradually`), int8 post-training quantization (`quantize`,
/// `int8_model`), weights exported as a C++ header (`io::export_header`), and the exception-free `embedded_model`
/// that runs them. docs/embedded.md walks the whole path; docs/api.md shows each call.
///
/// Its own umbrella, beside <nnstatic/nnstatic.hpp> rather than inside it, because a training program that does
/// not use these pays for them: with them, the reference example (examples/train_fashion_mnist.cpp) needed 21 MB
/// more compiler memory (g++ 12, of which 17 MB for the int8 header alone), for no code it runs.
#include <nnstatic/nnstatic.hpp>

#include <nnstatic/embedded.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/prune/gradual.hpp>
#include <nnstatic/prune/magnitude.hpp>
#include <nnstatic/quant/int8_gemv.hpp>
#include <nnstatic/quant/quantized_model.hpp>
