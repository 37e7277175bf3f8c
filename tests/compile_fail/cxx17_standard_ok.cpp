// Twin of cxx17_standard.cpp: the same program compiled as C++20, the fix the error names.
#include <nnstatic/nnstatic.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::softmax>;
static_assert(net::param_count == 4 * 3 + 3);
