// train_step.cpp's entry points for one instruction set: measure.py compiles this file once per instruction set,
// as nnstatic_add_instruction_sets does, for the choice "-O2 + nnstatic_add_instruction_sets".
#include "reference_network.hpp"

#include <nnstatic/dispatch/compile.hpp>

template struct nnstatic::dispatch::compiled<consumer_speed::training>;
template struct nnstatic::dispatch::compiled<consumer_speed::inference>;
