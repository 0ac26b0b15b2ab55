#include "connectionstatuslabel.h"

namespace Relaydesk::App {

ConnectionStatusLabel::ConnectionStatusLabel(RelayConnection *connection, QWidget *parent)
    : QLabel(parent)
    , m_connection(connection)
{
    setObjectName(QStringLiteral("connectionStatus"));
    setTextFormat(Qt::RichText);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, [this] {
        m_secondsLeft = std::max(0, m_secondsLeft - 1);
        render();
    });
    connect(connection, &RelayConnection::stateChanged, this, [this](RelayConnection::State state) {
        if (state != RelayConnection::State::Reconnecting)
            m_countdown.stop();
        if (state == RelayConnection::State::Live || state == RelayConnection::State::CatchingUp)
            m_failure.clear();
        render();
    });
    connect(connection, &RelayConnection::reconnectScheduled, this, [this](int seconds) {
        m_secondsLeft = seconds;
        m_countdown.start();
        render();
    });
    connect(connection, &RelayConnection::authenticationFailed, this, [this](const QString &reason) {
        m_failure = reason;
        render();
    });
    render();
}

void ConnectionStatusLabel::render()
{
    QString color;
    QString text;
    switch (m_connection->state()) {
    case RelayConnection::State::Live:
        color = QStringLiteral("#2e9e5b");
        text = m_agent.isEmpty() ? tr("Connected") : tr("Connected as %1").arg(m_agent.toHtmlEscaped());
        break;
    case RelayConnection::State::CatchingUp:
        color = QStringLiteral("#d9a400");
        text = tr("Catching up…");
        break;
    case RelayConnection::State::Connecting:
        color = QStringLiteral("#d9a400");
        text = tr("Connecting…");
        break;
    case RelayConnection::State::Reconnecting:
        color = QStringLiteral("#d9a400");
        text = m_secondsLeft > 0 ? tr("Reconnecting in %n s", nullptr, m_secondsLeft) : tr("Reconnecting…");
        break;
    case RelayConnection::State::Offline:
        color = QStringLiteral("#9a9a9a");
        text = m_failure.isEmpty() ? tr("Offline") : tr("Offline: %1").arg(m_failure.toHtmlEscaped());
        break;
    }
    setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span>&nbsp;%2").arg(color, text));
}

} // namespace Relaydesk::App
