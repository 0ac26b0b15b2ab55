# relaydesk_add_test(NAME SOURCES ... LIBS ... [WRAPPER command...])
# One Qt Test executable per unit; every test runs offscreen in a UTF-8 locale and
# with its own temporary HOME so nothing touches the real user's data.
# WRAPPER: run the test through a command (e.g. a private D-Bus session and keyring).
function(relaydesk_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;WRAPPER" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    if(ARG_WRAPPER)
        add_test(NAME ${name} COMMAND ${ARG_WRAPPER} $<TARGET_FILE:${name}>)
    else()
        add_test(NAME ${name} COMMAND ${name})
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set(env "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;LC_ALL=C.UTF-8"
            "RELAYDESK_FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures/messenger")
    if(TARGET relaydesk-relay)
        list(APPEND env "RELAYDESK_RELAY_BIN=$<TARGET_FILE:relaydesk-relay>")
    endif()
    if(TARGET relaydesk-simulator)
        list(APPEND env "RELAYDESK_SIMULATOR_BIN=$<TARGET_FILE:relaydesk-simulator>")
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "${env}")
endfunction()
