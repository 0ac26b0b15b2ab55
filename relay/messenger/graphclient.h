#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Relaydesk::Messenger {

// An error from the Graph API, or from the network on the way to it.
struct GraphError
{
    int httpStatus = 0;     // 0 when no HTTP answer (network error, timeout)
    int code = 0;           // Meta's error.code (10, 190, 551, 613, 1200, ...)
    int subcode = 0;        // error.error_subcode (2018278, 2018218, ...)
    QString type;
    QString message;        // Meta's message, or the network error text
    bool network = false;   // connection refused, reset, timed out

    // Network errors, HTTP 5xx, 613 (rate limit) and 1200 (temporary) are worth
    // retrying with backoff; every other 4xx is not.
    bool isRetryable() const;
};

struct SendResult
{
    bool ok = false;
    QString recipientId;
    QString messageId;
    GraphError error;
};

struct ProfileResult
{
    bool ok = false;
    QString firstName;
    QString lastName;
    QString pictureUrl;
    GraphError error;
};

// One message of a conversation, as the Conversations API returns it (for backfill).
struct GraphMessage
{
    QString mid;
    QString fromId;
    QString text;
    qint64 timestamp = 0; // ms, from created_time
    QList<QJsonObject> attachments;
};

struct ConversationsResult
{
    bool ok = false;
    struct Thread { QString id; QString customerPsid; QList<GraphMessage> messages; };
    QList<Thread> threads;
    GraphError error;
};

// Talks to the Graph API (or the local stand-in) at a configurable base URL.
// Page tokens travel in the Authorization header, never in a URL, so they cannot
// reach a log through a printed URL.
class GraphClient : public QObject
{
    Q_OBJECT
public:
    GraphClient(QNetworkAccessManager *network, const QUrl &baseUrl, QObject *parent = nullptr);

    void setApiVersion(const QString &version) { m_apiVersion = version; } // default "v21.0"
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }                         // default 20000
    QUrl baseUrl() const { return m_baseUrl; }

    using SendCallback = std::function<void(const SendResult &)>;
    using ProfileCallback = std::function<void(const ProfileResult &)>;
    using ConversationsCallback = std::function<void(const ConversationsResult &)>;

    // POST {base}/{version}/{pageId}/messages. messagingType is "RESPONSE" or
    // "MESSAGE_TAG" (then tag is e.g. "HUMAN_AGENT"). metadata comes back in the echo.
    void sendText(const QString &pageId, const QByteArray &pageToken, const QString &psid,
                  const QString &text, const QString &messagingType, const QString &tag,
                  const QString &metadata, SendCallback callback);
    // Attachment upload in the same call (multipart: "message" JSON + "filedata").
    void sendAttachment(const QString &pageId, const QByteArray &pageToken, const QString &psid,
                        const QString &attachmentType, const QByteArray &data, const QString &fileName,
                        const QString &mimeType, const QString &messagingType, const QString &tag,
                        const QString &metadata, SendCallback callback);
    // sender_action: "typing_on", "typing_off", "mark_seen".
    void sendAction(const QString &pageId, const QByteArray &pageToken, const QString &psid,
                    const QString &action, SendCallback callback);
    // GET {base}/{version}/{psid}?fields=first_name,last_name,profile_pic
    void fetchProfile(const QByteArray &pageToken, const QString &psid, ProfileCallback callback);
    // GET {base}/{version}/{pageId}/conversations?platform=messenger&fields=participants,messages.limit(N){...}
    void fetchConversations(const QString &pageId, const QByteArray &pageToken, int limit,
                            int messagesPerThread, ConversationsCallback callback);

private:
    QUrl endpoint(const QString &path) const;
    QNetworkRequest request(const QUrl &url, const QByteArray &pageToken) const;
    void postJson(const QString &pageId, const QByteArray &pageToken, const QJsonObject &body,
                  const QString &what, SendCallback callback);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QString m_apiVersion = QStringLiteral("v21.0");
    int m_timeoutMs = 20'000;
};

} // namespace Relaydesk::Messenger
