#include "storelogging.h"

Q_LOGGING_CATEGORY(lcStore, "relaydesk.relay.store", QtInfoMsg)
