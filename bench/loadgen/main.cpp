// relaydesk-bench-loadgen: posts signed Messenger webhooks at a fixed rate (or as
// fast as it can) and prints one JSON line: what was sent, what was answered,
// and the webhook answer latency. The app secret comes from $RELAYDESK_APP_SECRET.
#include "webhookload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

using namespace Relaydesk::Bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Webhook load generator for the Relaydesk benchmarks."));
    parser.addHelpOption();
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Webhook URL, http://HOST:PORT/webhook."), QStringLiteral("URL"));
    const QCommandLineOption pages(QStringLiteral("pages"), QStringLiteral("Page ids, comma-separated."), QStringLiteral("ID,ID"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Events per second (0: as fast as it goes)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Events to post."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Keep-alive connections."), QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption customers(QStringLiteral("customers"), QStringLiteral("Distinct customers."), QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption run(QStringLiteral("run-id"), QStringLiteral("Makes message ids unique per run."), QStringLiteral("ID"), QStringLiteral("r"));
    const QCommandLineOption maxSeconds(QStringLiteral("max-seconds"), QStringLiteral("Stop posting after S seconds even if --count is not reached."), QStringLiteral("S"), QStringLiteral("0"));
    parser.addOptions({url, pages, rate, count, connections, customers, run, maxSeconds});
    parser.process(app);

    LoadOptions options;
    options.url = QUrl(parser.value(url));
    options.appSecret = qgetenv("RELAYDESK_APP_SECRET");
    options.pageIds = parser.value(pages).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.rate = parser.value(rate).toDouble();
    options.count = parser.value(count).toLongLong();
    options.connections = std::max(1, parser.value(connections).toInt());
    options.customers = std::max(1, parser.value(customers).toInt());
    options.runId = parser.value(run).toLatin1();
    options.maxSeconds = parser.value(maxSeconds).toDouble();
    if (!options.url.isValid() || options.url.scheme() != QLatin1String("http") || options.pageIds.isEmpty()
        || options.appSecret.isEmpty() || options.count <= 0) {
        fprintf(stderr, "need --url http://…, --pages, a positive --count and $RELAYDESK_APP_SECRET\n");
        return 2;
    }
    WebhookLoad load(options);
    QObject::connect(&load, &WebhookLoad::finished, &app, [&] {
        const QByteArray line = QJsonDocument(load.report()).toJson(QJsonDocument::Compact);
        printf("%s\n", line.constData());
        fflush(stdout);
        QCoreApplication::exit(0);
    });
    load.start();
    return app.exec();
}
