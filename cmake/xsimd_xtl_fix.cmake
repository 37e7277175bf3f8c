# Included right after find_package(xsimd), by the build and by the installed nnstaticConfig.cmake.
#
# Debian's xsimd 8.1 package lists a target `xtl` in the link interface of `xsimd` but its config never looks
# for xtl, so without that target the name reaches the linker as -lxtl and every link fails. xsimd includes
# xtl only with XSIMD_ENABLE_XTL_COMPLEX, which nnstatic never defines: an empty target is all it needs.
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_nnstatic_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if("xtl" IN_LIST _nnstatic_xsimd_links)
    find_package(xtl QUIET)
    if(NOT TARGET xtl)
      add_library(xtl INTERFACE IMPORTED)
    endif()
  endif()
  unset(_nnstatic_xsimd_links)
endif()
