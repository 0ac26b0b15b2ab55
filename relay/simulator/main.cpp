// relaydesk-simulator: Meta's side on loopback, for the demo and for trying the
// relay without a Facebook Page. See simulator.h.
#include "simulator.h"
#include "simulatorlogging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

using namespace Relaydesk::Simulator;

static int fail(const QString &message)
{
    std::fprintf(stderr, "relaydesk-simulator: %s\n", qPrintable(message));
    return 2;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("relaydesk-simulator"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Plays the Messenger Platform on loopback: posts signed customer webhooks to a relay and "
        "serves the Graph API the relay sends replies to (point RELAYDESK_GRAPH_URL at it)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption relay(QStringLiteral("relay"), QStringLiteral("Webhook URL to post to, e.g. http://127.0.0.1:8443/webhook. Without it, only the Graph API is served."), QStringLiteral("URL"));
    const QCommandLineOption secret(QStringLiteral("app-secret"), QStringLiteral("App secret that signs webhooks (default: $RELAYDESK_APP_SECRET)."), QStringLiteral("SECRET"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Graph API address (default 127.0.0.1:0)."), QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption portFile(QStringLiteral("port-file"), QStringLiteral("Write the Graph API port to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption pages(QStringLiteral("pages"), QStringLiteral("Page ids, comma-separated."), QStringLiteral("ID,ID"), QStringLiteral("104216672283716"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Customer messages per minute, on average (default 20)."), QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption burst(QStringLiteral("burst"), QStringLiteral("Post N customer messages at once on start (default 0)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed: same seed, same customers (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Stop posting after N customer events (0 = forever)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption failRate(QStringLiteral("fail-rate"), QStringLiteral("Fraction of Send API calls answered with a failure (0..1)."), QStringLiteral("F"), QStringLiteral("0"));
    const QCommandLineOption failures(QStringLiteral("failures"), QStringLiteral("Failures to pick from: 500,window,temporary,slow (default 500,window,temporary, plus slow with --slow-ms)."), QStringLiteral("LIST"));
    const QCommandLineOption slowMs(QStringLiteral("slow-ms"), QStringLiteral("How long a slow Send API answer takes."), QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption receiptsMs(QStringLiteral("receipts-ms"), QStringLiteral("Delivery and read receipts this long after the echo (default 2000,4000)."), QStringLiteral("D,R"), QStringLiteral("2000,4000"));
    parser.addOptions({relay, secret, listen, portFile, pages, rate, burst, seed, count, failRate, failures, slowMs, receiptsMs});
    parser.process(app);

    SimulatorConfig config;
    if (parser.isSet(relay)) {
        config.relayUrl = QUrl(parser.value(relay), QUrl::StrictMode);
        if (!config.relayUrl.isValid() || config.relayUrl.scheme().isEmpty())
            return fail(QStringLiteral("--relay: not a URL"));
    }
    config.appSecret = parser.isSet(secret) ? parser.value(secret).toUtf8() : qgetenv("RELAYDESK_APP_SECRET");
    if (!config.relayUrl.isEmpty() && config.appSecret.isEmpty())
        return fail(QStringLiteral("an app secret is needed to sign webhooks (--app-secret or RELAYDESK_APP_SECRET)"));

    const QString hostPort = parser.value(listen);
    const int colon = int(hostPort.lastIndexOf(QLatin1Char(':')));
    bool portOk = false;
    const uint port = hostPort.mid(colon + 1).toUInt(&portOk);
    config.listenAddress = QHostAddress(hostPort.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']')));
    if (colon < 0 || !portOk || port > 65535 || config.listenAddress.isNull())
        return fail(QStringLiteral("--listen: expected HOST:PORT"));
    config.listenPort = quint16(port);

    config.pages = parser.value(pages).split(QLatin1Char(','), Qt::SkipEmptyParts);
    bool ok = true, allOk = true;
    config.ratePerMinute = parser.value(rate).toDouble(&ok); allOk &= ok && config.ratePerMinute > 0;
    config.burst = parser.value(burst).toInt(&ok); allOk &= ok && config.burst >= 0;
    config.seed = parser.value(seed).toULongLong(&ok); allOk &= ok;
    config.count = parser.value(count).toInt(&ok); allOk &= ok && config.count >= 0;
    config.failRate = parser.value(failRate).toDouble(&ok); allOk &= ok && config.failRate >= 0 && config.failRate <= 1;
    config.slowMs = parser.value(slowMs).toInt(&ok); allOk &= ok && config.slowMs >= 0;
    const QStringList receipts = parser.value(receiptsMs).split(QLatin1Char(','));
    config.deliveryDelayMs = receipts.value(0).toInt(&ok); allOk &= ok;
    config.readDelayMs = receipts.value(1).toInt(&ok); allOk &= ok;
    if (!allOk || config.pages.isEmpty())
        return fail(QStringLiteral("invalid option value (see --help)"));
    if (parser.isSet(failures)) {
        config.failures.clear();
        for (const QString &name : parser.value(failures).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (name == QLatin1String("500")) config.failures.append(Failure::ServerError);
            else if (name == QLatin1String("window")) config.failures.append(Failure::OutsideWindow);
            else if (name == QLatin1String("temporary")) config.failures.append(Failure::Temporary);
            else if (name == QLatin1String("slow")) config.failures.append(Failure::Slow);
            else return fail(QStringLiteral("--failures: unknown failure ") + name);
        }
    } else if (config.slowMs > 0) {
        config.failures.append(Failure::Slow);
    }

    Simulator simulator(config);
    if (!simulator.listen())
        return fail(QStringLiteral("cannot listen on %1: %2").arg(hostPort, simulator.errorString()));
    if (parser.isSet(portFile)) {
        QSaveFile file(parser.value(portFile));
        if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(simulator.port()) + '\n') < 0 || !file.commit())
            return fail(QStringLiteral("cannot write the port file"));
    }
    if (!config.relayUrl.isEmpty()) {
        qCInfo(lcSimulator) << "posting webhooks to" << config.relayUrl.toString() << "at" << config.ratePerMinute << "per minute";
        simulator.startTraffic();
    }
    return app.exec();
}
