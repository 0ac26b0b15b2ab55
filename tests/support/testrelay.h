#pragma once

#include "relayconfig.h"
#include "relayserver.h"
#include "store.h"

#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace Relaydesk::Test {

// A real relay, in the test's process, on 127.0.0.1 port 0 with its own
// temporary data folder. restart() stops it and starts a new one on the same folder.
class TestRelay
{
public:
    static constexpr const char *AppSecret = "test-app-secret";
    static constexpr const char *VerifyToken = "test-verify-token";

    TestRelay();
    ~TestRelay();
    // True when the tests run on PostgreSQL (RELAYDESK_TEST_STORE=postgresql).
    static bool onPostgres();

    Relay::RelayConfig &config() { return m_config; } // change before start()
    bool start();
    bool restart();
    void stop();

    quint16 port() const;
    QUrl httpUrl(const QString &path) const;
    QUrl wsUrl() const;
    QString dataDir() const { return m_dir.path(); }
    Store::Store &store();
    Relay::RelayServer *server() { return m_server.get(); } // null when stopped

    // Adds a Page with an access token, and an agent; returns the agent's token.
    bool addPage(const QString &id, const QString &name, const QByteArray &token = "page-token");
    QByteArray addAgent(const QString &name, const QStringList &pages);

private:
    QTemporaryDir m_dir;
    Relay::RelayConfig m_config;
    std::unique_ptr<Relay::RelayServer> m_server;
};

} // namespace Relaydesk::Test
