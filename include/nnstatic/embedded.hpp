#pragma once
/// nnstatic for a device: inference that allocates nothing, throws nothing, needs no RTTI and no file system, and
/// whose memory is a constant of its type (`embedded_model`, its status codes, and the weight views an exported
/// header fills in). It compiles with -fno-exceptions -fno-rtti; docs/embedded.md shows the whole path from a
/// trained model to such a program. A hosted program gets all of this from <nnstatic/nnstatic.hpp> too.
#include <nnstatic/version.hpp>

#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/embedded/layer_weights.hpp>
#include <nnstatic/embedded/status.hpp>
