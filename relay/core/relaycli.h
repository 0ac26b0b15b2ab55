#pragma once

#include <QStringList>

class QTextStream;

namespace Relaydesk::Relay {

// relaydesk-relay's command line:
//   serve [--listen HOST:PORT] [--data-dir DIR] [--config FILE]
//   agent add NAME --pages ID,ID|*   (prints the token once)
//   agent list | agent revoke NAME
//   page add ID --name NAME [--token-file FILE]   (token from the file or stdin, never argv)
//   page list | page remove ID
class RelayCli
{
public:
    // Runs the command; returns the process exit code. "serve" runs the event loop.
    static int run(const QStringList &arguments);
};

} // namespace Relaydesk::Relay
