#include "graphclient.h"

#include "messengerlogging.h"

#include <QDateTime>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace Relaydesk::Messenger {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// A finished reply, reduced to what the callers need. The body is only parsed,
// never logged: it can carry customers' names and messages.
struct Answer
{
    bool ok = false;
    QJsonObject json;
    GraphError error;
};

Answer readAnswer(QNetworkReply *reply)
{
    Answer answer;
    // An aborted reply (timeout) is closed; reading it would only warn.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    answer.error.httpStatus = statusAttribute.isValid() ? statusAttribute.toInt() : 0;

    if (answer.error.httpStatus == 0) {
        // No HTTP answer at all: refused, reset, closed, timed out.
        answer.error.network = true;
        answer.error.message = reply->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("no answer within the timeout")
            : reply->errorString();
        return answer;
    }

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject json = doc.object();
    const QJsonValue errorValue = json.value(key("error"));
    if (errorValue.isObject()) {
        const QJsonObject e = errorValue.toObject();
        answer.error.message = e.value(key("message")).toString();
        answer.error.type = e.value(key("type")).toString();
        answer.error.code = e.value(key("code")).toInt();
        answer.error.subcode = e.value(key("error_subcode")).toInt();
        return answer;
    }
    if (answer.error.httpStatus < 200 || answer.error.httpStatus >= 300) {
        // A proxy's HTML page or similar: keep only the status.
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        answer.error.message = QStringLiteral("HTTP %1 %2").arg(answer.error.httpStatus).arg(reason).trimmed();
        return answer;
    }
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        answer.error.message = QStringLiteral("the Graph API answered with something other than a JSON object");
        return answer;
    }
    answer.ok = true;
    answer.error = {};
    answer.json = json;
    return answer;
}

// "2024-11-25T08:00:00+0000": Qt's ISO parser wants the offset as "+00:00".
qint64 parseCreatedTime(const QString &text)
{
    QString iso = text;
    const qsizetype n = iso.size();
    if (n > 5 && (iso.at(n - 5) == QLatin1Char('+') || iso.at(n - 5) == QLatin1Char('-')))
        iso.insert(n - 2, QLatin1Char(':'));
    const QDateTime dt = QDateTime::fromString(iso, Qt::ISODate);
    return dt.isValid() ? dt.toMSecsSinceEpoch() : 0;
}

QJsonObject recipientJson(const QString &psid)
{
    return QJsonObject{ { key("id"), psid } };
}

// Form-data part names and file names go into a quoted header parameter.
QByteArray quotedParameter(const QString &value)
{
    QByteArray bytes = value.toUtf8();
    bytes.replace('"', '_').replace('\r', '_').replace('\n', '_').replace('\\', '_');
    return '"' + bytes + '"';
}

QHttpPart formPart(const QByteArray &name, const QByteArray &value)
{
    QHttpPart part;
    part.setRawHeader("Content-Disposition", "form-data; name=" + quotedParameter(QString::fromLatin1(name)));
    part.setBody(value);
    return part;
}

SendResult toSendResult(const Answer &answer)
{
    SendResult result;
    result.ok = answer.ok;
    result.error = answer.error;
    if (answer.ok) {
        result.recipientId = answer.json.value(key("recipient_id")).toString();
        result.messageId = answer.json.value(key("message_id")).toString();
    }
    return result;
}

// Calls handler once the reply is finished; context bounds the connection's life.
void finish(QObject *context, QNetworkReply *reply, const QString &what,
            std::function<void(const Answer &)> handler)
{
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, what, handler = std::move(handler)] {
        reply->deleteLater();
        const Answer answer = readAnswer(reply);
        if (answer.ok) {
            qCDebug(lcGraph).noquote() << what << "ok";
        } else if (answer.error.network) {
            qCWarning(lcGraph).noquote() << what << "failed:" << answer.error.message;
        } else {
            // Meta's message names the problem, never the token; the body is not logged.
            qCWarning(lcGraph).noquote().nospace() << what << " failed: HTTP " << answer.error.httpStatus
                                         << " code " << answer.error.code << '/' << answer.error.subcode
                                         << ' ' << answer.error.type << ": " << answer.error.message;
        }
        handler(answer);
    });
}

} // namespace

bool GraphError::isRetryable() const
{
    return network || httpStatus >= 500 || code == 613 || code == 1200;
}

GraphClient::GraphClient(QNetworkAccessManager *network, const QUrl &baseUrl, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_baseUrl(baseUrl)
{
}

QUrl GraphClient::endpoint(const QString &path) const
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + QLatin1Char('/') + m_apiVersion + QLatin1Char('/') + path);
    return url;
}

QNetworkRequest GraphClient::request(const QUrl &url, const QByteArray &pageToken) const
{
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + pageToken);
    req.setTransferTimeout(m_timeoutMs);
    // Never follow a redirect: it would carry the bearer token somewhere else.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return req;
}


void GraphClient::postJson(const QString &pageId, const QByteArray &pageToken, const QJsonObject &body,
                           const QString &what, SendCallback callback)
{
    QNetworkRequest req = request(endpoint(pageId + QStringLiteral("/messages")), pageToken);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
    finish(this, reply, what, [callback = std::move(callback)](const Answer &answer) { callback(toSendResult(answer)); });
}

void GraphClient::sendText(const QString &pageId, const QByteArray &pageToken, const QString &psid,
                           const QString &text, const QString &messagingType, const QString &tag,
                           const QString &metadata, SendCallback callback)
{
    QJsonObject message{ { key("text"), text } };
    if (!metadata.isEmpty())
        message.insert(key("metadata"), metadata);
    QJsonObject body{ { key("recipient"), recipientJson(psid) },
                      { key("messaging_type"), messagingType },
                      { key("message"), message } };
    if (!tag.isEmpty())
        body.insert(key("tag"), tag);
    postJson(pageId, pageToken, body, QStringLiteral("send text"), std::move(callback));
}

void GraphClient::sendAttachment(const QString &pageId, const QByteArray &pageToken, const QString &psid,
                                 const QString &attachmentType, const QByteArray &data, const QString &fileName,
                                 const QString &mimeType, const QString &messagingType, const QString &tag,
                                 const QString &metadata, SendCallback callback)
{
    // Uploading with the message keeps one call per attachment; is_reusable is
    // false because every agent upload is a one-off.
    QJsonObject message{ { key("attachment"),
                           QJsonObject{ { key("type"), attachmentType },
                                        { key("payload"), QJsonObject{ { key("is_reusable"), false } } } } } };
    if (!metadata.isEmpty())
        message.insert(key("metadata"), metadata);

    auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multiPart->append(formPart("recipient", QJsonDocument(recipientJson(psid)).toJson(QJsonDocument::Compact)));
    multiPart->append(formPart("message", QJsonDocument(message).toJson(QJsonDocument::Compact)));
    multiPart->append(formPart("messaging_type", messagingType.toUtf8()));
    if (!tag.isEmpty())
        multiPart->append(formPart("tag", tag.toUtf8()));
    QHttpPart file;
    file.setRawHeader("Content-Disposition",
                      "form-data; name=\"filedata\"; filename=" + quotedParameter(fileName));
    file.setRawHeader("Content-Type", mimeType.isEmpty() ? QByteArrayLiteral("application/octet-stream")
                                                         : mimeType.toUtf8());
    file.setBody(data);
    multiPart->append(file);

    QNetworkReply *reply = m_network->post(request(endpoint(pageId + QStringLiteral("/messages")), pageToken),
                                           multiPart);
    multiPart->setParent(reply);
    finish(this, reply, QStringLiteral("send attachment"),
           [callback = std::move(callback)](const Answer &answer) { callback(toSendResult(answer)); });
}

void GraphClient::sendAction(const QString &pageId, const QByteArray &pageToken, const QString &psid,
                             const QString &action, SendCallback callback)
{
    const QJsonObject body{ { key("recipient"), recipientJson(psid) }, { key("sender_action"), action } };
    postJson(pageId, pageToken, body, QStringLiteral("sender action"), std::move(callback));
}

void GraphClient::fetchProfile(const QByteArray &pageToken, const QString &psid, ProfileCallback callback)
{
    QUrl url = endpoint(psid);
    QUrlQuery query;
    query.addQueryItem(key("fields"), QStringLiteral("first_name,last_name,profile_pic"));
    url.setQuery(query);
    QNetworkReply *reply = m_network->get(request(url, pageToken));
    finish(this, reply, QStringLiteral("profile"), [callback = std::move(callback)](const Answer &answer) {
        ProfileResult result;
        result.ok = answer.ok;
        result.error = answer.error;
        if (answer.ok) {
            result.firstName = answer.json.value(key("first_name")).toString();
            result.lastName = answer.json.value(key("last_name")).toString();
            result.pictureUrl = answer.json.value(key("profile_pic")).toString();
        }
        callback(result);
    });
}

void GraphClient::fetchConversations(const QString &pageId, const QByteArray &pageToken, int limit,
                                     int messagesPerThread, ConversationsCallback callback)
{
    QUrl url = endpoint(pageId + QStringLiteral("/conversations"));
    QUrlQuery query;
    query.addQueryItem(key("platform"), key("messenger"));
    query.addQueryItem(key("fields"),
                       QStringLiteral("participants,messages.limit(%1){id,message,from,created_time,attachments}")
                           .arg(messagesPerThread));
    query.addQueryItem(key("limit"), QString::number(limit));
    url.setQuery(query);
    QNetworkReply *reply = m_network->get(request(url, pageToken));
    finish(this, reply, QStringLiteral("conversations"), [pageId, callback = std::move(callback)](const Answer &answer) {
        ConversationsResult result;
        result.ok = answer.ok;
        result.error = answer.error;
        const QJsonArray threads = answer.json.value(key("data")).toArray();
        for (const QJsonValue &threadValue : threads) {
            const QJsonObject thread = threadValue.toObject();
            ConversationsResult::Thread t;
            t.id = thread.value(key("id")).toString();
            const QJsonArray participants = thread.value(key("participants")).toObject().value(key("data")).toArray();
            for (const QJsonValue &p : participants) {
                const QString id = p.toObject().value(key("id")).toString();
                if (!id.isEmpty() && id != pageId) {
                    t.customerPsid = id;
                    break;
                }
            }
            const QJsonArray messages = thread.value(key("messages")).toObject().value(key("data")).toArray();
            for (const QJsonValue &m : messages) {
                const QJsonObject message = m.toObject();
                GraphMessage gm;
                gm.mid = message.value(key("id")).toString();
                gm.text = message.value(key("message")).toString();
                gm.fromId = message.value(key("from")).toObject().value(key("id")).toString();
                gm.timestamp = parseCreatedTime(message.value(key("created_time")).toString());
                const QJsonArray attachments = message.value(key("attachments")).toObject().value(key("data")).toArray();
                for (const QJsonValue &a : attachments)
                    gm.attachments.append(a.toObject());
                t.messages.append(gm);
            }
            result.threads.append(t);
        }
        callback(result);
    });
}

} // namespace Relaydesk::Messenger
