# Install rules: the shared library (with its SONAME links), civiscore.h and civiscore.hpp, the CLI,
# a relocatable pkg-config file and a CMake package, so both `pkg-config civiscore` and
# `find_package(civiscore)` + civiscore::civiscore work from any prefix the tree is copied to.
# Included from the top-level CMakeLists.txt when CIVISCORE_INSTALL is on.
include(CMakePackageConfigHelpers)

set(CIVISCORE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/civiscore"
    CACHE STRING "Where civiscoreConfig.cmake is installed, relative to the prefix")
set(CIVISCORE_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where civiscore.pc is installed, relative to the prefix")

# The headers go through PUBLIC_HEADER (set on the target), so they travel with the target; the
# target's own $<INSTALL_INTERFACE:include> gives consumers the include path.
install(TARGETS civiscore
        EXPORT civiscoreTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
                NAMELINK_COMPONENT development
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
        PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development)

if(TARGET civiscore_cli)
  install(TARGETS civiscore_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()

# CMake package, installed tree. The generated targets file locates the prefix from its own path.
install(EXPORT civiscoreTargets
        NAMESPACE civiscore::
        FILE civiscoreTargets.cmake
        DESTINATION ${CIVISCORE_INSTALL_CMAKEDIR}
        COMPONENT development)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/civiscoreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/install/civiscoreConfig.cmake
  INSTALL_DESTINATION ${CIVISCORE_INSTALL_CMAKEDIR})
# 0.x releases promise nothing across minors in general, but our C ABI only ever grows: the same
# major is compatible, which is what SONAME = major says too.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/civiscoreConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/install/civiscoreConfig.cmake
              ${PROJECT_BINARY_DIR}/civiscoreConfigVersion.cmake
        DESTINATION ${CIVISCORE_INSTALL_CMAKEDIR}
        COMPONENT development)

# CMake package, build tree: point civiscore_DIR at the build directory to use it uninstalled.
export(EXPORT civiscoreTargets
       NAMESPACE civiscore::
       FILE ${PROJECT_BINARY_DIR}/civiscoreTargets.cmake)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/civiscoreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/civiscoreConfig.cmake
  INSTALL_DESTINATION ${PROJECT_BINARY_DIR}
  INSTALL_PREFIX ${PROJECT_BINARY_DIR})

# pkg-config: `prefix` is derived from ${pcfiledir}, so the file stays right wherever the tree moves.
# The relative hop from the .pc directory back to the prefix depends on the (multiarch) libdir.
if(IS_ABSOLUTE "${CIVISCORE_INSTALL_PKGCONFIGDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}"
   OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  message(FATAL_ERROR "civiscore: the pkg-config file is relocatable and needs relative install "
                      "directories (CMAKE_INSTALL_LIBDIR, CMAKE_INSTALL_INCLUDEDIR, "
                      "CIVISCORE_INSTALL_PKGCONFIGDIR); set CMAKE_INSTALL_PREFIX instead")
endif()
file(RELATIVE_PATH CIVISCORE_PC_RELATIVE_PREFIX "/${CIVISCORE_INSTALL_PKGCONFIGDIR}" "/")
string(REGEX REPLACE "/$" "" CIVISCORE_PC_RELATIVE_PREFIX "${CIVISCORE_PC_RELATIVE_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/civiscore.pc.in ${PROJECT_BINARY_DIR}/civiscore.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/civiscore.pc
        DESTINATION ${CIVISCORE_INSTALL_PKGCONFIGDIR}
        COMPONENT development)
