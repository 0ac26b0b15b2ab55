#pragma once

#include <QLoggingCategory>

// Access and refusal log of the front door. Never log header values or bodies:
// they carry webhook signatures and bearer tokens.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
