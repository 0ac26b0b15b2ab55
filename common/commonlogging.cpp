#include "commonlogging.h"

Q_LOGGING_CATEGORY(lcProtocol, "relaydesk.protocol", QtInfoMsg)
