#pragma once
/// The return codes of the embedded inference path; they live in core/, where `infer` returns them too.
#include <nnstatic/core/inference_status.hpp>
