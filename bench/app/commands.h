#pragma once

#include <QStringList>

namespace Relaydesk::Bench {

// One function per subcommand of relaydesk-bench-app. Each parses its own options
// (args[0] is the program, args[1] the subcommand), makes its own application object,
// prints human-readable lines and ends with one JSON line; returns the exit code.
int runGenerate(int &argc, char **argv);
int runOpen(int &argc, char **argv);
int runEvents(int &argc, char **argv);
int runScroll(int &argc, char **argv);
int runCatchup(int &argc, char **argv);

} // namespace Relaydesk::Bench
