#include "relaycli.h"

#include "agenttoken.h"
#include "relayconfig.h"
#include "relaylogging.h"
#include "relayserver.h"
#include "postgresstore.h"
#include "store.h"
#include "storecopier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace Relaydesk::Relay {

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int fail(const QString &message)
{
    err() << "relaydesk-relay: " << message << Qt::endl;
    return 1;
}

// SIGTERM/SIGINT through a socket pair, so the shutdown runs in the event loop.
int g_signalFds[2] = {-1, -1};
void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &c, 1);
}

int serve(const RelayConfig &config, const QString &portFile)
{
    RelayServer server(config);
    QString error;
    if (!server.start(&error))
        return fail(error);
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &server);
        QObject::connect(notifier, &QSocketNotifier::activated, &server, [&server, notifier] {
            char c;
            [[maybe_unused]] const auto n = ::read(g_signalFds[1], &c, 1);
            notifier->setEnabled(false);
            server.shutdown();
            // Let close frames and last answers go out, then quit.
            QTimer::singleShot(300, qApp, &QCoreApplication::quit);
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGTERM, &action, nullptr);
        sigaction(SIGINT, &action, nullptr);
    }
    if (!portFile.isEmpty()) {
        // For tests and scripts that start the relay on port 0. Written only once
        // SIGTERM is handled: whoever reads it may stop the relay at once, and cleanly.
        QFile f(portFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray::number(server.port()) + '\n') < 0)
            return fail(QStringLiteral("cannot write %1").arg(portFile));
    }
    const int code = QCoreApplication::exec();
    qCInfo(lcRelay) << "stopped";
    return code;
}

QByteArray readPageToken(const QString &tokenFile)
{
    if (!tokenFile.isEmpty()) {
        QFile f(tokenFile);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll().trimmed();
    }
    const QByteArray env = qgetenv("RELAYDESK_PAGE_TOKEN");
    if (!env.isEmpty())
        return env;
    if (::isatty(STDIN_FILENO))
        err() << "Page access token (input is not echoed to the log): " << Qt::flush;
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readLine().trimmed();
}

int agentCommand(Store::Store &store, const QStringList &args, const QString &pagesOption)
{
    const QString verb = args.value(1);
    if (verb == QLatin1String("add")) {
        const QString name = args.value(2);
        if (name.isEmpty())
            return fail(QStringLiteral("usage: agent add NAME --pages ID,ID|*"));
        if (store.agentByName(name))
            return fail(QStringLiteral("an agent named \"%1\" exists already").arg(name));
        Store::AgentRecord agent;
        agent.name = name;
        agent.pages = pagesOption.split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (agent.pages.isEmpty())
            return fail(QStringLiteral("--pages is required: page ids separated by commas, or * for all"));
        const QByteArray token = AgentToken::generate();
        agent.tokenHash = AgentToken::hash(token);
        agent.createdAt = QDateTime::currentMSecsSinceEpoch();
        if (!store.addAgent(&agent))
            return fail(QStringLiteral("could not add the agent: %1").arg(store.lastError()));
        err() << "Agent \"" << name << "\" added (id " << agent.id << "). Its token, shown only this once:" << Qt::endl;
        out() << token << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("list")) {
        const QList<Store::AgentRecord> agents = store.agents();
        for (const Store::AgentRecord &a : agents)
            out() << a.id << '\t' << a.name << '\t' << a.pages.join(QLatin1Char(',')) << '\t'
                  << (a.isRevoked() ? QStringLiteral("revoked") : QStringLiteral("active")) << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("revoke")) {
        const auto agent = store.agentByName(args.value(2));
        if (!agent)
            return fail(QStringLiteral("no agent named \"%1\"").arg(args.value(2)));
        if (!store.revokeAgent(agent->id, QDateTime::currentMSecsSinceEpoch()))
            return fail(QStringLiteral("agent \"%1\" is already revoked").arg(agent->name));
        err() << "Agent \"" << agent->name << "\" revoked; a running relay closes its connections within seconds." << Qt::endl;
        return 0;
    }
    return fail(QStringLiteral("usage: agent add|list|revoke"));
}

int pageCommand(Store::Store &store, const QStringList &args, const QString &name, const QString &tokenFile)
{
    const QString verb = args.value(1);
    if (verb == QLatin1String("add")) {
        const QString id = args.value(2);
        if (id.isEmpty())
            return fail(QStringLiteral("usage: page add PAGE_ID --name NAME [--token-file FILE]"));
        const QByteArray token = readPageToken(tokenFile);
        if (token.isEmpty())
            return fail(QStringLiteral("no Page access token given (--token-file, RELAYDESK_PAGE_TOKEN or stdin)"));
        Store::PageRecord page = store.page(id).value_or(Store::PageRecord{});
        page.id = id;
        if (!name.isEmpty() || page.name.isEmpty())
            page.name = name.isEmpty() ? id : name;
        page.accessToken = token;
        if (page.createdAt == 0)
            page.createdAt = QDateTime::currentMSecsSinceEpoch();
        if (!store.savePage(page))
            return fail(QStringLiteral("could not save the page: %1").arg(store.lastError()));
        err() << "Page " << id << " (" << page.name << ") saved." << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("list")) {
        const QList<Store::PageRecord> pages = store.pages();
        for (const Store::PageRecord &p : pages)
            out() << p.id << '\t' << p.name << '\t' << (p.accessToken.isEmpty() ? "no token" : "token set") << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("remove")) {
        if (!store.removePage(args.value(2)))
            return fail(QStringLiteral("no page %1").arg(args.value(2)));
        err() << "Page " << args.value(2) << " removed; its conversations stay in the store." << Qt::endl;
        return 0;
    }
    return fail(QStringLiteral("usage: page add|list|remove"));
}

int migrate(const RelayConfig &config)
{
    const QUrl target(config.store);
    QString error;
    if (config.store == QLatin1String("sqlite") || !Store::PostgresStore::checkUrl(target, &error))
        return fail(error.isEmpty() ? QStringLiteral("migrate needs the PostgreSQL store to copy into: --store "
                                                     "postgresql://user@host/database (or 'store' in the config)")
                                    : error);
    QByteArray password;
    if (!config.readStorePassword(&password, &error))
        return fail(error);
    const QString source = QDir(config.dataDir).filePath(QStringLiteral("relaydesk.sqlite"));
    Store::StoreCopier::Counts counts;
    if (!Store::StoreCopier::copy(source, target, password, &counts, &error))
        return fail(error);
    err() << "Copied " << source << " into " << Store::PostgresStore::displayUrl(target) << ": " << counts.rows
          << " rows, " << counts.events << " events, log at seq " << counts.head
          << ". Point every relay's 'store' at it; apps resume where they were." << Qt::endl;
    return 0;
}

} // namespace

int RelayCli::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Relaydesk relay: Messenger webhooks in, agents' inbox out.\n\n"
        "Commands:\n"
        "  serve                         run the relay\n"
        "  agent add NAME --pages P,P|*  add an agent; prints its token once\n"
        "  agent list | agent revoke NAME\n"
        "  page add ID --name NAME [--token-file FILE]\n"
        "  page list | page remove ID\n"
        "  migrate                       copy the SQLite store in --data-dir into the\n"
        "                                (empty) PostgreSQL store named by --store or 'store'"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve, agent, page or migrate"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address and port (default 127.0.0.1:8443)."), QStringLiteral("HOST:PORT"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data folder."), QStringLiteral("DIR"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("sqlite (default) or postgresql://user@host:port/db; the password comes from store_password_file or RELAYDESK_STORE_PASSWORD, never from here."), QStringLiteral("LOCATION"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Config file (INI)."), QStringLiteral("FILE"));
    const QCommandLineOption pages(QStringLiteral("pages"), QStringLiteral("agent add: page ids, or *."), QStringLiteral("IDS"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("page add: the Page's name."), QStringLiteral("NAME"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"), QStringLiteral("page add: file holding the Page access token."), QStringLiteral("FILE"));
    const QCommandLineOption portFile(QStringLiteral("port-file"), QStringLiteral("serve: write the port listened on to FILE."), QStringLiteral("FILE"));
    parser.addOptions({listen, dataDir, store, config, pages, name, tokenFile, portFile});
    parser.process(arguments);

    const QStringList args = parser.positionalArguments();
    QStringList warnings;
    RelayConfig relayConfig = RelayConfig::load(parser.value(config), &warnings);
    for (const QString &w : std::as_const(warnings))
        qCWarning(lcRelay) << w;
    if (parser.isSet(dataDir))
        relayConfig.dataDir = parser.value(dataDir);
    if (parser.isSet(store))
        relayConfig.store = parser.value(store);
    if (parser.isSet(listen)) {
        QString error;
        if (!relayConfig.setListen(parser.value(listen), &error))
            return fail(error);
    }

    const QString command = args.value(0);
    if (command == QLatin1String("serve"))
        return serve(relayConfig, parser.value(portFile));
    if (command == QLatin1String("migrate"))
        return migrate(relayConfig);
    if (command != QLatin1String("agent") && command != QLatin1String("page")) {
        err() << parser.helpText();
        return command.isEmpty() ? 2 : fail(QStringLiteral("unknown command \"%1\"").arg(command));
    }
    QString error;
    QByteArray password;
    if (!relayConfig.readStorePassword(&password, &error))
        return fail(error);
    auto opened = Store::openStore(relayConfig.store, relayConfig.dataDir, password, &error);
    if (!opened)
        return fail(error);
    return command == QLatin1String("agent")
        ? agentCommand(*opened, args, parser.value(pages))
        : pageCommand(*opened, args, parser.value(name), parser.value(tokenFile));
}

} // namespace Relaydesk::Relay
