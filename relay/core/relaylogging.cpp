#include "relaylogging.h"

Q_LOGGING_CATEGORY(lcRelay, "relaydesk.relay", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIngest, "relaydesk.relay.ingest", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAgents, "relaydesk.relay.agents", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSend, "relaydesk.relay.send", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCanned, "relaydesk.relay.canned", QtInfoMsg)
