# The compiled Socket.IO 4 client (Engine.IO 4, WebSocket only) that the
# benchmark's agents use against the Express + Socket.IO peer; its own library
# so tests/bench/tst_socketioclient can link it.
qt_add_library(relaydesk_bench_socketio STATIC
    ${CMAKE_CURRENT_LIST_DIR}/socketioclient.h
    ${CMAKE_CURRENT_LIST_DIR}/socketioclient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/websocketstream.h
    ${CMAKE_CURRENT_LIST_DIR}/websocketstream.cpp
)
target_include_directories(relaydesk_bench_socketio PUBLIC ${CMAKE_CURRENT_LIST_DIR})
# QWebSocket is a member in the public header, so WebSockets is public too.
target_link_libraries(relaydesk_bench_socketio PUBLIC Qt6::Core Qt6::Network Qt6::WebSockets)
