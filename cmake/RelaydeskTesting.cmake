# relaydesk_add_test(NAME SOURCES ... LIBS ... [WRAPPER command...]
#                    [VARIANTS v... VARIANT_ENV VAR])
# One Qt Test executable per unit; every test runs offscreen in a UTF-8 locale and
# with its own temporary HOME so nothing touches the real user's data.
# WRAPPER: run the test through a command (e.g. a private D-Bus session and keyring).
# VARIANTS: register the executable once per variant, as NAME_<variant> with
# VAR=<variant> in its environment (the store's contract tests, once per backend).
function(relaydesk_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT;VARIANT_ENV" "SOURCES;LIBS;LABELS;WRAPPER;VARIANTS" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
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
    if(ARG_VARIANTS AND NOT ARG_VARIANT_ENV)
        message(FATAL_ERROR "relaydesk_add_test(${name}): VARIANTS needs VARIANT_ENV")
    endif()
    set(variants "${ARG_VARIANTS}")
    if(NOT variants)
        set(variants "-") # one test, named after the executable
    endif()
    foreach(variant IN LISTS variants)
        set(test_name ${name})
        set(test_env "${env}")
        if(NOT variant STREQUAL "-")
            set(test_name ${name}_${variant})
            list(APPEND test_env "${ARG_VARIANT_ENV}=${variant}")
        endif()
        if(ARG_WRAPPER)
            add_test(NAME ${test_name} COMMAND ${ARG_WRAPPER} $<TARGET_FILE:${name}>)
        else()
            add_test(NAME ${test_name} COMMAND ${name})
        endif()
        set_tests_properties(${test_name} PROPERTIES
            TIMEOUT ${ARG_TIMEOUT}
            LABELS "${ARG_LABELS}"
            ENVIRONMENT "${test_env}")
    endforeach()
endfunction()
