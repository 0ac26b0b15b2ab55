#pragma once

#include "relayconnection.h"

#include <QLabel>
#include <QTimer>

namespace Relaydesk::App {

// Always says where the connection is: connected, catching up, reconnecting in N s
// (counting down), offline, or why it gave up (a revoked token).
class ConnectionStatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ConnectionStatusLabel(RelayConnection *connection, QWidget *parent = nullptr);
    void setAgentName(const QString &name) { m_agent = name; render(); }

private:
    void render();

    RelayConnection *m_connection;
    QString m_agent;
    QString m_failure;
    int m_secondsLeft = 0;
    QTimer m_countdown;
};

} // namespace Relaydesk::App
