#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRelay)    // start-up, shutdown, configuration
Q_DECLARE_LOGGING_CATEGORY(lcIngest)   // webhooks in, group commits
Q_DECLARE_LOGGING_CATEGORY(lcAgents)   // WebSocket sessions and commands
Q_DECLARE_LOGGING_CATEGORY(lcSend)     // Send API and profile look-ups
Q_DECLARE_LOGGING_CATEGORY(lcCanned)   // the team's canned responses
