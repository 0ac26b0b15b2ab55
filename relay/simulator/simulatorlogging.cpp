#include "simulatorlogging.h"

Q_LOGGING_CATEGORY(lcSimulator, "relaydesk.simulator", QtInfoMsg)
