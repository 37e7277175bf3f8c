# nnstatic_set_warnings(<target>): the warnings nnstatic's own code is held to, one reason per flag.
# Works with g++ 12 and clang++ 16. Applied to tests, examples and benchmarks only; the library's users keep
# their own warning settings. NNSTATIC_WERROR (on when nnstatic is the top-level project) makes them errors.
include_guard(GLOBAL)

function(nnstatic_set_warnings target)
  set(flags
      -Wall                  # the common, low-noise set: unused values, misleading indentation, bad printf, ...
      -Wextra                # more of the same: unused parameters, signed/unsigned comparisons, empty bodies
      -Wpedantic             # reject compiler extensions (VLAs, zero-size arrays): the headers must be portable
      -Wconversion           # implicit narrowing (double -> float, size_t -> int) silently loses values
      -Wsign-conversion      # implicit signed <-> unsigned changes wrap negative indices into huge ones
      -Wshadow               # a local hiding a member or outer name is a bug waiting in templated code
      -Wnon-virtual-dtor     # a class with virtual functions must be deletable through its base
      -Wold-style-cast       # casts must say which conversion they mean (static_cast, bit_cast, ...)
      -Wcast-align           # a cast that raises alignment breaks on strict targets and in SIMD loads
      # -Wnull-dereference: a path that dereferences null. Clang only: g++ 12 reports it inside libstdc++'s
      # <streambuf> (gptr(), egptr()) once iostream code is inlined at -O2 and above, in every test that reads a file.
      $<$<CXX_COMPILER_ID:Clang>:-Wnull-dereference>
      -Wdouble-promotion     # float silently widened to double: slow in kernels and a sign of a mixed literal
      -Wformat=2             # printf-style formats: non-literal format strings and mismatched arguments
      -Wimplicit-fallthrough # a switch case that runs into the next without [[fallthrough]]
      # -Wrestrict (part of -Wall) is off for g++ 12 only: in C++20 at -O2 and above it reports an overlapping
      # memcpy of 2^63 bytes inside std::string's operator+, a known false positive, in every message we build.
      $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
      # -Winit-self (with -Wuninitialized, -Wall) is off for g++ 12 only: its AVX-512 intrinsics initialize
      # "undefined" registers with themselves (`__m512 __Y = __Y;`), which -march=native on an AVX-512 machine
      # inlines into every xsimd kernel. Clang still reports self-initialization in our code.
      $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-init-self>
  )
  if(NNSTATIC_WERROR)
    list(APPEND flags -Werror)  # warnings fail the build of our own targets, never a user's
  endif()
  target_compile_options(${target} PRIVATE ${flags})
endfunction()
