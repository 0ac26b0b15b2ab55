#pragma once

#include "cannedchange.h"
#include "cannedresponse.h"
#include "event.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <optional>

namespace Relaydesk::App {

class LocalCache;
class RelayConnection;

// The team's canned responses in the app (docs/protocol.md, "Canned responses"):
// the cache's copy, fetched whole after every welcome and kept current by events;
// changes the agent makes are queued in the cache and sent in order whenever the
// relay is reachable, so they work offline too. What the relay refuses for good is
// dropped and said (changeRefused). responses() is what the agent sees: the
// cache's copy with acknowledged and queued changes on top.
class CannedResponseSync : public QObject
{
    Q_OBJECT
public:
    CannedResponseSync(RelayConnection *connection, LocalCache *cache, QObject *parent = nullptr);

    QList<Relaydesk::CannedResponse> responses() const; // by shortcode
    // Those with a change waiting for the relay (a new one has a negative id until then).
    QSet<qint64> pendingIds() const;

    // Queues a new one (id 0) or an edit; returns why not (ready to show) or empty.
    QString save(qint64 id, const QString &shortcode, const QString &title, const QString &text);
    QString remove(qint64 id);

public slots:
    // Events the cache has applied (SyncController::eventsApplied).
    void onEventsApplied(const QList<Relaydesk::Event> &events);

signals:
    void changed();
    void changeRefused(const QString &message);

private:
    QString check(qint64 id, const QString &shortcode, const QString &title, const QString &text) const;
    void requestList();
    void sendChanges();
    void onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code, const QString &message);
    std::optional<CannedChange> change(qint64 seq) const;

    RelayConnection *m_connection;
    LocalCache *m_cache;
    QString m_listCommand;
    QHash<QString, qint64> m_commands;  // command id -> change seq
    QSet<qint64> m_inFlight;            // change seqs sent, not answered
    // Acknowledged, not yet in the cache (their event is on its way through the writer).
    QHash<qint64, Relaydesk::CannedResponse> m_acked;
    QSet<qint64> m_ackedDeleted;
};

} // namespace Relaydesk::App
