// The consumer's entry points for one instruction set: nnstatic_add_instruction_sets (CMakeLists.txt) or, without
// CMake, build-with-pkg-config compiles this file once per instruction set.
#include "network.hpp"

#include <nnstatic/dispatch/compile.hpp>

template struct nnstatic::dispatch::compiled<consumer::training>;
template struct nnstatic::dispatch::compiled<consumer::inference>;
