#include "benchreport.h"
#include "cachegenerator.h"
#include "commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace Relaydesk::Bench {

int runGenerate(int &argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes a realistic cache in the app's own schema (through LocalCache)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("generate"), QStringLiteral("the subcommand"));
    const QCommandLineOption cache(QStringLiteral("cache"), QStringLiteral("The cache file to write."), QStringLiteral("FILE"));
    const QCommandLineOption conversations(QStringLiteral("conversations"), QStringLiteral("Conversations (default 50000)."),
                                           QStringLiteral("N"), QStringLiteral("50000"));
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("Messages in all (default 1000000)."),
                                      QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption big(QStringLiteral("big-chat"), QStringLiteral("Messages of the newest conversation (default 10000)."),
                                 QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({cache, conversations, messages, big, seed});
    parser.process(app);

    BenchReport report(QStringLiteral("app-generate"));
    if (!parser.isSet(cache))
        return report.fail(QStringLiteral("--cache FILE is required"));
    CacheSpec spec;
    spec.path = parser.value(cache);
    spec.conversations = parser.value(conversations).toInt();
    spec.messages = parser.value(messages).toLongLong();
    spec.bigChat = parser.value(big).toInt();
    spec.seed = parser.value(seed).toUInt();
    report.set(QStringLiteral("cache"), spec.path);
    QString error;
    if (!CacheGenerator::generate(spec, report, &error))
        return report.fail(error);
    return report.finish(0);
}

} // namespace Relaydesk::Bench
