#include "messengerlogging.h"

Q_LOGGING_CATEGORY(lcMessenger, "relaydesk.relay.messenger", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGraph, "relaydesk.relay.graph", QtInfoMsg)
