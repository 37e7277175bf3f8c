#pragma once
/// The first thing every nnstatic header reads: compiled as anything older than C++20, nnstatic stops here with
/// one line that says so and how to fix it, rather than with a page of errors about concepts and `requires` from
/// deep inside the library. The headers that include no other nnstatic header include this one first, and every
/// other header reaches it through them before any code of its own, so whichever header a program includes first,
/// this check runs before anything else is parsed (cf_cxx17_every_header proves it for each header).
///
/// MSVC leaves __cplusplus at 199711L unless given /Zc:__cplusplus, so its own _MSVC_LANG is read instead.
#if !(__cplusplus >= 202002L || (defined(_MSVC_LANG) && _MSVC_LANG >= 202002L))
#error "nnstatic: needs C++20 or later: compile with -std=c++20 (MSVC: /std:c++20; CMake: link nnstatic::nnstatic, which requires cxx_std_20)"
// #error does not stop a compiler, and everything after it would fail again in C++17. A missing include is the
// one fatal error GCC and Clang both have: it ends the compilation here, with a line that points back at the one
// above.
#include <nnstatic: compilation stopped at the error above>
#endif
