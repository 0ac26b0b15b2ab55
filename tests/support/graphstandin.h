#pragma once

#include "httpserver.h"

#include <QList>
#include <QObject>
#include <QUrl>

namespace Relaydesk::Test {

// The Graph API on loopback, for the relay's tests: Send API (text, attachments,
// sender actions) and User Profile API. Answers are scripted: queued answers are
// used first, then the default. Every request is recorded.
class GraphStandIn : public QObject
{
    Q_OBJECT
public:
    struct Answer { int status = 200; QByteArray body; int delayMs = 0; };
    struct Request { QByteArray method; QByteArray path; QByteArray authorization; QByteArray body; };

    explicit GraphStandIn(QObject *parent = nullptr);
    bool listen();
    QUrl baseUrl() const;

    // Send API (POST .../messages with a "message"); default: success with a fresh message id.
    void queueSendAnswer(const Answer &answer) { m_sendQueue.append(answer); }
    // Profile look-ups; default: the profile.json fixture.
    void queueProfileAnswer(const Answer &answer) { m_profileQueue.append(answer); }
    // Conversations API (GET .../conversations); default: no conversations.
    void setConversationsAnswer(const Answer &answer) { m_conversations = answer; }

    QList<Request> sends() const;          // Send API calls with a message
    QList<Request> senderActions() const;  // Send API calls with a sender_action
    QList<Request> profileLookups() const;
    QList<Request> conversationFetches() const;
    QList<Request> requests;

signals:
    void requestReceived();
    // An answer was handed to the connection (its bytes leave when the loop runs next).
    void answered();

private:
    void handle(const Http::HttpRequest &request, const Http::HttpResponder &responder);

    Http::HttpServer m_server;
    QList<Answer> m_sendQueue;
    QList<Answer> m_profileQueue;
    Answer m_conversations{200, QByteArrayLiteral("{\"data\":[]}"), 0};
    int m_nextMid = 1;
};

} // namespace Relaydesk::Test
