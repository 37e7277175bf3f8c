# nnstatic_add_instruction_sets(<target> <source>...)
#
# Compiles each <source> once per instruction set of the target architecture and links the objects into <target>,
# so that nnstatic::dispatched_trainer and nnstatic::dispatched_inference (include/nnstatic/dispatch/) run the best
# kernels of the CPU the program runs on, whatever flags the rest of the program has (docs/instruction-sets.md):
#
#   x86-64    avx512bw_vnni (AVX-512 F, CD, DQ, BW and VNNI), avx2_fma (AVX2 and FMA), sse2 (every x86-64 CPU)
#   AArch64   neon64
#
# Each source includes <nnstatic/dispatch/compile.hpp> and instantiates the descriptions the program uses
# (`template struct nnstatic::dispatch::compiled<my_training>;`). The units get <target>'s include directories and
# compile definitions, the build's flags (CMAKE_CXX_FLAGS, the build type's, add_compile_options), nnstatic::nnstatic
# and, last, their instruction set's flags, whose -march=x86-64 undoes any earlier -march (-march=native). An
# instruction-set flag that -march does not undo (-mavx2 in CMAKE_CXX_FLAGS) compiles a unit for another set than its
# own, and dispatch/compile.hpp stops it with a static_assert. The baseline
# unit's object comes first on <target>'s link line: the untagged inline code every unit compiles (the layers'
# plain bodies, the thread pool, the standard library's) is then kept from it, and runs on every CPU.
#
# The object libraries are named <target>_nnstatic_<instruction set>; <target>'s property
# NNSTATIC_INSTRUCTION_SETS lists the instruction sets, baseline last.
include_guard(GLOBAL)

function(nnstatic_add_instruction_sets target)
  if(NOT TARGET ${target})
    message(FATAL_ERROR "nnstatic_add_instruction_sets: ${target} is not a target (create it first)")
  endif()
  if(NOT ARGN)
    message(FATAL_ERROR "nnstatic_add_instruction_sets(${target}): name at least one source that includes "
                        "<nnstatic/dispatch/compile.hpp> and instantiates nnstatic::dispatch::compiled<...>")
  endif()
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    # -march=x86-64 first: it undoes -march=native and whatever else the build's own options chose.
    set(instruction_sets avx512bw_vnni avx2_fma sse2)
    set(flags_avx512bw_vnni -march=x86-64 -mtune=generic -mavx2 -mfma -mavx512f -mavx512cd -mavx512dq -mavx512bw
                            -mavx512vnni)
    set(flags_avx2_fma -march=x86-64 -mtune=generic -mavx2 -mfma)
    set(flags_sse2 -march=x86-64 -mtune=generic)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
    set(instruction_sets neon64)
    set(flags_neon64 -march=armv8-a)
  else()
    message(FATAL_ERROR "nnstatic_add_instruction_sets: nnstatic chooses among the instruction sets of x86-64 and "
                        "AArch64 only, not ${CMAKE_SYSTEM_PROCESSOR}; use nnstatic::trainer, which runs the "
                        "instruction set of the compiler's flags")
  endif()

  # Baseline first on the link line: the list above runs best first, so walk it backwards.
  set(link_order ${instruction_sets})
  list(REVERSE link_order)
  foreach(set IN LISTS link_order)
    set(unit ${target}_nnstatic_${set})
    add_library(${unit} OBJECT ${ARGN})
    # The directory's options were copied into the new target: its -march and -mtune would be overridden anyway.
    get_target_property(inherited ${unit} COMPILE_OPTIONS)
    if(inherited)
      list(FILTER inherited EXCLUDE REGEX "^-m(arch|tune|cpu)=")
      set_target_properties(${unit} PROPERTIES COMPILE_OPTIONS "${inherited}")
    endif()
    target_compile_options(${unit} PRIVATE ${flags_${set}})
    target_compile_definitions(${unit} PRIVATE NNSTATIC_INSTRUCTION_SET_UNIT=${set}
                                               $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
    target_include_directories(${unit} PRIVATE $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
    target_link_libraries(${unit} PRIVATE nnstatic::nnstatic)
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${unit}>)
  endforeach()
  target_link_libraries(${target} PRIVATE nnstatic::nnstatic)
  set_property(TARGET ${target} PROPERTY NNSTATIC_INSTRUCTION_SETS ${instruction_sets})
endfunction()
