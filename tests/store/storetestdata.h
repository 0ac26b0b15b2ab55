#pragma once

#include "store.h"

#include <QList>
#include <QString>

// What the Store contract tests build their data from, and read it back with.
namespace StoreTestData {

Relaydesk::Message textMessage(qint64 conversationId, Relaydesk::Message::Direction direction, qint64 timestamp,
                               Relaydesk::Message::Status status, const QString &text = QString());

// An event of page p1 with a little of everything in its data (nested array, non-ASCII).
Relaydesk::Event makeEvent(const QString &kind, qint64 createdAt, int n);

// Saves a conversation with a text preview; its id, or 0 if the store refused it.
qint64 addConversation(Relaydesk::Store::Store *store, const QString &pageId, const QString &psid,
                       qint64 lastMessageAt);

QList<qint64> idsOf(const QList<Relaydesk::Message> &messages);
QList<qint64> idsOf(const QList<Relaydesk::Conversation> &conversations);
QList<qint64> seqsOf(const QList<Relaydesk::Event> &events);

} // namespace StoreTestData
