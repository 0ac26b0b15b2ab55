#pragma once

#include "benchtools.h"

#include <QProcess>
#include <QString>

namespace Relaydesk::Bench {

// A server being measured, started fresh for every run: Relaydesk's relay (with
// the simulator as its Graph API) or the Express + Socket.IO peer.
class SystemUnderTest
{
public:
    explicit SystemUnderTest(const BenchTools &tools) : m_tools(tools) {}
    virtual ~SystemUnderTest();

    virtual QString name() const = 0;
    virtual QString agentSystem() const = 0; // --system of relaydesk-bench-agents
    virtual QString agentUrl() const = 0;
    virtual bool start(const QString &dir, QString *error) = 0;
    virtual void stop();

    qint64 pid() const { return m_server.processId(); }
    bool isRunning() const { return m_server.state() == QProcess::Running; }
    QString webhookUrl() const { return QStringLiteral("http://127.0.0.1:%1/webhook").arg(m_port); }
    QString tokenFile() const { return m_tokenFile; }
    quint16 port() const { return m_port; }

protected:
    bool startServer(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                     const QString &portFile, const QString &log, QString *error);

    const BenchTools &m_tools;
    QProcess m_server;
    QString m_tokenFile;
    quint16 m_port = 0;
};

class RelayUnderTest : public SystemUnderTest
{
public:
    using SystemUnderTest::SystemUnderTest;
    QString name() const override { return QStringLiteral("relaydesk"); }
    QString agentSystem() const override { return QStringLiteral("relay"); }
    QString agentUrl() const override { return QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port); }
    bool start(const QString &dir, QString *error) override;
    void stop() override;

private:
    QProcess m_graph;
};

class PeerUnderTest : public SystemUnderTest
{
public:
    using SystemUnderTest::SystemUnderTest;
    QString name() const override { return QStringLiteral("express-socketio"); }
    QString agentSystem() const override { return QStringLiteral("socketio"); }
    QString agentUrl() const override { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    bool start(const QString &dir, QString *error) override;
};

} // namespace Relaydesk::Bench
