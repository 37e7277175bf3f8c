# Cross-compiles nnstatic's tests for AArch64 on a Debian 12 x86-64 machine and runs them under qemu-user
# (the `aarch64` preset; docs/platforms.md). Needs g++-aarch64-linux-gnu, qemu-user and the arm64 zlib
# (zlib1g-dev:arm64, through Debian multiarch): `tools/install-deps --aarch64`.
#
# The header-only dependencies (Boost.Hana, xsimd, doctest) and zlib's headers are the host's, under /usr/include,
# which also holds x86-64 glibc headers. Debian's cross compiler searches /usr/include after its own sysroot, so a
# header missing there would silently come from the host: compiling with --sysroot (CMAKE_SYSROOT_COMPILE) takes
# /usr/include off the search path, and a staging prefix in the build tree holds links to just those packages'
# headers, with package configurations that point at it (the host's point at /usr/include).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_SYSROOT_COMPILE /usr/aarch64-linux-gnu)  # linking keeps the cross linker's own search paths

find_program(NNSTATIC_QEMU_AARCH64 qemu-aarch64 REQUIRED)
# ctest runs every test executable through it. -L is where the AArch64 dynamic loader is; the loader looks in
# /lib/aarch64-linux-gnu first, and qemu, finding no such folder under -L, gives it the host's: multiarch's arm64 libc
# (installed with the arm64 zlib), a later build of glibc 2.36 than the cross loader's. Mixed, the two hang in the first
# pthread_create; LD_LIBRARY_PATH keeps the cross toolchain's C and C++ libraries first (zlib is only multiarch's).
set(CMAKE_CROSSCOMPILING_EMULATOR
    "${NNSTATIC_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu;-E;LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib")

set(nnstatic_aarch64_prefix "${CMAKE_BINARY_DIR}/aarch64-prefix")
get_property(nnstatic_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
if(NOT nnstatic_in_try_compile)
  file(MAKE_DIRECTORY "${nnstatic_aarch64_prefix}/include" "${nnstatic_aarch64_prefix}/lib")
  foreach(header IN ITEMS boost xsimd doctest zlib.h zconf.h)
    if(NOT EXISTS "/usr/include/${header}")
      message(FATAL_ERROR "/usr/include/${header} is missing: run tools/install-deps")
    endif()
    file(CREATE_LINK "/usr/include/${header}" "${nnstatic_aarch64_prefix}/include/${header}" SYMBOLIC)
  endforeach()
  if(NOT EXISTS /usr/lib/aarch64-linux-gnu/libz.so)
    message(FATAL_ERROR "the arm64 zlib is missing: run tools/install-deps --aarch64")
  endif()
  file(CREATE_LINK /usr/lib/aarch64-linux-gnu/libz.so "${nnstatic_aarch64_prefix}/lib/libz.so" SYMBOLIC)

  # <package> <its imported target> <the host's version file, which depends on nothing but the version>
  set(header_packages
      "Boost|Boost::headers|/usr/lib/x86_64-linux-gnu/cmake/Boost-1.81.0/BoostConfigVersion.cmake"
      "xsimd|xsimd|/usr/lib/x86_64-linux-gnu/cmake/xsimd/xsimdConfigVersion.cmake"
      "doctest|doctest::doctest|/usr/lib/cmake/doctest/doctestConfigVersion.cmake")
  foreach(entry IN LISTS header_packages)
    string(REPLACE "|" ";" entry "${entry}")
    list(GET entry 0 package)
    list(GET entry 1 target)
    list(GET entry 2 version_file)
    set(config_dir "${nnstatic_aarch64_prefix}/lib/cmake/${package}")
    file(COPY "${version_file}" DESTINATION "${config_dir}")
    file(WRITE "${config_dir}/${package}Config.cmake"
         "# Written by cmake/toolchain-aarch64.cmake: the host's headers, through the staging prefix.\n"
         "if(NOT TARGET ${target})\n"
         "  add_library(${target} INTERFACE IMPORTED)\n"
         "  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES \"${nnstatic_aarch64_prefix}/include\")\n"
         "endif()\n")
  endforeach()
endif()

# Packages, headers and libraries come from the staging prefix only; programs (python3) from the host.
set(CMAKE_FIND_ROOT_PATH "${nnstatic_aarch64_prefix}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
