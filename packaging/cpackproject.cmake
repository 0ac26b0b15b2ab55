# Read by cpack (CPACK_PROJECT_CONFIG_FILE, packaging/CMakeLists.txt) before it
# makes the packages. CPackDeb puts CPACK_PACKAGE_DESCRIPTION_SUMMARY (the
# project's description) in front of each package's own description, which
# begins with its summary already: the packages had two summary lines, the same
# one, and the rest indented twice (an invalid " ." line).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
