#pragma once

#include <QLoggingCategory>

// Never log page tokens, app secrets, signatures or request/webhook bodies:
// bodies carry customers' messages, headers carry credentials.
Q_DECLARE_LOGGING_CATEGORY(lcMessenger)
Q_DECLARE_LOGGING_CATEGORY(lcGraph)
