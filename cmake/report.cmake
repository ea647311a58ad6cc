# The XLSX report (docs/report.md) uses Debian's libxlsxwriter when it is installed; without it the
# library builds all the same and `civiscore report --format xlsx` says that XLSX is not supported.
find_path(CIVISCORE_XLSXWRITER_INCLUDE_DIR xlsxwriter.h)
find_library(CIVISCORE_XLSXWRITER_LIBRARY NAMES xlsxwriter)
if(CIVISCORE_XLSXWRITER_INCLUDE_DIR AND CIVISCORE_XLSXWRITER_LIBRARY)
  message(STATUS "civiscore: XLSX reports with ${CIVISCORE_XLSXWRITER_LIBRARY}")
  set(CIVISCORE_HAVE_XLSXWRITER ON)
  # Only the one source that calls it sees the definition (and the header's directory, unless it is
  # a system directory: -I/usr/include would break the C++ headers' #include_next).
  set_source_files_properties(${PROJECT_SOURCE_DIR}/src/io/report/report_xlsx.cpp PROPERTIES
    COMPILE_DEFINITIONS CIVISCORE_HAVE_XLSXWRITER)
  if(NOT CIVISCORE_XLSXWRITER_INCLUDE_DIR IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    set_source_files_properties(${PROJECT_SOURCE_DIR}/src/io/report/report_xlsx.cpp PROPERTIES
      INCLUDE_DIRECTORIES ${CIVISCORE_XLSXWRITER_INCLUDE_DIR})
  endif()
  target_link_libraries(civiscore_core PRIVATE ${CIVISCORE_XLSXWRITER_LIBRARY})
else()
  message(STATUS "civiscore: libxlsxwriter not found; XLSX reports are disabled")
  set(CIVISCORE_HAVE_XLSXWRITER OFF)
endif()
