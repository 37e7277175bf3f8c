// expect: nnstatic: needs C\+\+20 or later: compile with -std=c\+\+20
// compile-options: -std=c++17
// A user's program compiled as C++17: the first error, and the last, is nnstatic's language check
// (config/requires_cxx20.hpp), not the concepts deep inside the library. Twin: cxx17_standard_ok.cpp.
#include <nnstatic/nnstatic.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::softmax>;
static_assert(net::param_count == 4 * 3 + 3);
