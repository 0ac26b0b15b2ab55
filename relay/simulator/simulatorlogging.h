#pragma once

#include <QLoggingCategory>

// Never log the app secret, page tokens or message bodies.
Q_DECLARE_LOGGING_CATEGORY(lcSimulator)
