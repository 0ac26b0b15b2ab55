#include "commands.h"

#include <cstdio>
#include <cstring>

// relaydesk-bench-app: the desktop app's figures for issue 5 (bench/app/RESULTS.md).
int main(int argc, char *argv[])
{
    using namespace Relaydesk::Bench;
    const char *command = argc > 1 ? argv[1] : "";
    if (std::strcmp(command, "generate") == 0)
        return runGenerate(argc, argv);
    if (std::strcmp(command, "open") == 0)
        return runOpen(argc, argv);
    if (std::strcmp(command, "events") == 0)
        return runEvents(argc, argv);
    if (std::strcmp(command, "scroll") == 0)
        return runScroll(argc, argv);
    if (std::strcmp(command, "catchup") == 0)
        return runCatchup(argc, argv);
    std::fputs("usage: relaydesk-bench-app generate|open|events|scroll|catchup --cache FILE [options]\n"
               "       relaydesk-bench-app COMMAND --help\n",
               stderr);
    return 2;
}
