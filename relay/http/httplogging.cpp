#include "httplogging.h"

Q_LOGGING_CATEGORY(lcHttp, "relaydesk.relay.http", QtInfoMsg)
