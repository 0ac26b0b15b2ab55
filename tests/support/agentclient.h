#pragma once

#include "event.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QWebSocket>

namespace Relaydesk::Test {

// A real WebSocket client speaking the agent protocol, recording every frame.
class AgentClient : public QObject
{
    Q_OBJECT
public:
    enum class TokenIn { Header, Hello };

    explicit AgentClient(QObject *parent = nullptr);

    // Opens the socket and sends hello (since < 0: no position).
    void connectTo(const QUrl &url, const QByteArray &token, qint64 since, TokenIn tokenIn = TokenIn::Header);
    void open(const QUrl &url, const QByteArray &bearer = {}); // socket only, no hello
    void sendFrame(const QJsonObject &frame);
    void sendRaw(const QString &text);
    // Sends a command with a fresh "id"; returns the id.
    QString command(const QString &type, QJsonObject fields = {});
    void close();

    QWebSocket &socket() { return m_socket; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    const QList<QJsonObject> &frames() const { return m_frames; }
    QList<QJsonObject> framesOfType(const QString &type) const;
    QList<Relaydesk::Event> events() const;   // "event" frames in arrival order
    QList<qint64> eventSeqs() const;
    qint64 lastSeq() const;
    // The ack or error frame answering a command id (empty object if none yet).
    QJsonObject answerTo(const QString &id) const;
    bool hasFrame(const QString &type) const { return !framesOfType(type).isEmpty(); }
    int closeCode() const { return m_closeCode; }
    bool wasClosed() const { return m_closed; }
    void clearFrames() { m_frames.clear(); }

signals:
    void frameReceived(const QJsonObject &frame);

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_frames;
    QByteArray m_pendingHello;
    int m_closeCode = 0;
    bool m_closed = false;
    int m_nextId = 1;
};

} // namespace Relaydesk::Test
