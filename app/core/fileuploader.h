#pragma once

#include "message.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Relaydesk::App {

class RelayConnection;

// Sends a file to a conversation (docs/protocol.md, "Sending files and images"):
// POST /uploads to the relay with the agent's token, then send_message with the
// upload id and a fresh client id over the connection. Files are not queued offline:
// sendFile() refuses at once, with a reason, when the relay is not connected, the
// file is empty, unreadable or over 25 MiB. If the connection drops before the relay
// acknowledged send_message, it is sent again (same client id, so never twice) when
// the connection is back.
class FileUploader : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxBytes = 25 * 1024 * 1024; // Messenger's attachment limit, the relay's too

    explicit FileUploader(RelayConnection *connection, QObject *parent = nullptr);
    ~FileUploader() override;

    // The relay's ws(s)://host:port/ws URL, as for RelayConnection; uploads go to http(s)://host:port/uploads.
    void setRelayUrl(const QUrl &relayUrl) { m_uploadUrl = uploadUrlFor(relayUrl); }
    void setToken(const QByteArray &token) { m_token = token; }
    static QUrl uploadUrlFor(const QUrl &relayUrl);

    // Starts sending the file and returns the client id its message will carry (the
    // message.created event brings it back with that id); uploadStarted() has been
    // emitted by then. Returns an empty string, with the reason in *error, when refused.
    QString sendFile(qint64 conversationId, const QString &filePath, QString *error = nullptr);
    // Abandons a file still uploading; sendFailed() follows.
    void cancel(const QString &clientId);
    int activeCount() const { return int(m_jobs.size()); }

signals:
    void uploadStarted(const QString &clientId, qint64 conversationId, const QString &fileName, qint64 bytes);
    void uploadProgress(const QString &clientId, qint64 sent, qint64 total);
    // The relay acknowledged send_message: message is the pending reply with the attachment.
    void fileSent(const QString &clientId, const Relaydesk::Message &message);
    void sendFailed(const QString &clientId, const QString &reason);

private:
    struct Job
    {
        qint64 conversationId = 0;
        QString fileName;
        QNetworkReply *reply = nullptr; // while uploading
        QString uploadId;               // once uploaded
        QString commandId;              // while send_message is unanswered
        int sendAttempts = 0;
    };

    void onUploaded(const QString &clientId, QNetworkReply *reply);
    void sendMessage(const QString &clientId);
    void onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code, const QString &message);
    void resendWaiting();
    void finish(const QString &clientId, const QString &failure);
    bool isConnected() const;

    RelayConnection *m_connection;
    QNetworkAccessManager *m_network;
    QUrl m_uploadUrl;
    QByteArray m_token;
    QHash<QString, Job> m_jobs; // by client id
};

} // namespace Relaydesk::App
