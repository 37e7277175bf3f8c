// Twin of batch_normalization_unknown_option.cpp: the options batch normalization takes compile.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net =
    nnstatic::sequential<nnstatic::input<6, 6, 1>, nnstatic::conv2d<4, 3>,
                         nnstatic::batch_normalization<nnstatic::momentum{{9, 10}}, nnstatic::epsilon{{1, 100000}}>>;
static_assert(net::param_count == 3 * 3 * 4 + 4 + 2 * 4 && net::state_count == 2 * 4);
