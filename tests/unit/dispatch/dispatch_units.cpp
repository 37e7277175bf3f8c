// Compiled once per instruction set by nnstatic_add_instruction_sets (tests/CMakeLists.txt): the entry points of the
// descriptions dispatched_trainer_test.cpp uses.
#include "dispatch_program.hpp"

#include <nnstatic/dispatch/compile.hpp>

template struct nnstatic::dispatch::compiled<dispatch_program::training>;
template struct nnstatic::dispatch::compiled<dispatch_program::inference>;
