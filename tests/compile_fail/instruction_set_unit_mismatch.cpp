// expect: nnstatic: this unit of nnstatic_add_instruction_sets is compiled for another instruction set than its own
// A unit meant for one instruction set (NNSTATIC_INSTRUCTION_SET_UNIT, which nnstatic_add_instruction_sets sets)
// compiled with flags that give it another (-mavx2 in CMAKE_CXX_FLAGS reaches the SSE2 unit): its table would link
// in the other's place. Here the unit is named for a set this build is not. Twin: instruction_set_unit_mismatch_ok.cpp.
#if defined(__AVX2__)
#define NNSTATIC_INSTRUCTION_SET_UNIT sse2
#else
#define NNSTATIC_INSTRUCTION_SET_UNIT avx2_fma
#endif
#include <nnstatic/dispatch/compile.hpp>

int main() { return 0; }
