#pragma once

#include "cannedplaceholders.h"
#include "conversationfilter.h"
#include "message.h"
#include "note.h"
#include "teamdirectory.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

namespace Relaydesk::App {

class AgentActions;
class CannedResponseModel;
class CannedResponseSync;
class CacheWriter;
class ConversationPageReader;
class ConversationListModel;
class LocalCache;
class NoteSync;
class MessageListModel;
class PresenceTracker;
class RelayConnection;
class SyncController;

// One signed-in account: the connection, its cache, the sync between them and the
// models the windows show. It knows which conversation is open and keeps the
// relay told (read, viewing), so the widgets stay thin.
class InboxSession : public QObject
{
    Q_OBJECT
public:
    explicit InboxSession(const QString &cachePath, QObject *parent = nullptr);
    ~InboxSession() override;

    // Opens the cache and fills the models from it, no network yet: the newest
    // conversations at once, the rest read on a thread of its own and added page by
    // page (an inbox of 50,000 is painted before it is all read); conversationsLoaded()
    // for each page.
    bool open(QString *error);
    bool isLoadingCache() const { return m_loadingCache; }
    void connectToRelay(const QUrl &wsUrl, const QByteArray &token);
    void disconnectFromRelay();

    RelayConnection *connection() const { return m_connection.get(); }
    LocalCache *cache() const { return m_cache.get(); }
    SyncController *sync() const { return m_sync.get(); }
    ConversationListModel *conversations() const { return m_conversations; }
    MessageListModel *messages() const { return m_messages; }
    PresenceTracker *presence() const { return m_presence; }
    AgentActions *actions() const { return m_actions; }
    // The team's canned responses (null before open()) and their list for the widgets.
    CannedResponseSync *cannedResponses() const { return m_canned; }
    CannedResponseModel *cannedResponseModel() const { return m_cannedModel; }
    // Private notes (null before open()).
    NoteSync *notes() const { return m_notes; }
    // Conversations with a note mentioning this agent that they have not opened since.
    bool isMentioned(qint64 conversationId) const { return m_mentioned.contains(conversationId); }
    QSet<qint64> mentionedConversations() const { return m_mentioned; }
    // What a canned response's placeholders become in the open conversation.
    Relaydesk::CannedPlaceholders::Values placeholderValues() const;
    const TeamDirectory &directory() const { return m_directory; }

    qint64 currentConversation() const { return m_current; }
    // Whether the agent is looking at the open conversation (window active): new
    // messages in it are marked read at once and tell colleagues we are viewing.
    void setAttentive(bool attentive);
    bool isAttentive() const { return m_attentive; }

    // Filters and search; the search runs over the cache (works offline).
    void setFilterBox(ConversationFilter::Box box);
    void setFilterPage(const QString &pageId);
    void setSearchText(const QString &text);

    std::optional<Relaydesk::Message> sendReply(const QString &text);
    // Sends a failed reply again, wherever it failed (refused by the relay, or by Meta).
    bool retry(const Relaydesk::Message &message);
    // Older messages of the open conversation: the next page from the cache, or from
    // the relay once the cache has no older ones.
    void loadOlder();
    void setTyping(bool typing);

public slots:
    void openConversation(qint64 conversationId); // 0: close
    void closeConversation() { openConversation(0); }

signals:
    // A page of the cache read into the conversation list after the first (open()).
    void conversationsLoaded(const QList<Relaydesk::Conversation> &page);
    void cacheLoaded();
    void directoryChanged();
    void currentConversationChanged(qint64 conversationId);
    void errorOccurred(const QString &message);
    // A colleague's note mentions this agent (for the tray); the mark is set.
    void mentionReceived(const Relaydesk::Note &note);
    void mentionsChanged();

private:
    void onWelcomed(const AgentInfo &me, const QList<PageInfo> &pages, const QList<AgentInfo> &agents);
    void loadNextPage();
    // A page of the cache read after the first: what events did not bring meanwhile.
    void addPage(const QList<Relaydesk::Conversation> &page);
    void finishLoading();
    void markCurrentReadIfNeeded();
    void tellPresence(const QString &state);
    void applyFilter();
    void setMentioned(qint64 conversationId, bool mentioned);
    // The open conversation's notes into the chat, among its messages.
    void showNotes(qint64 conversationId);

    std::unique_ptr<RelayConnection> m_connection;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<CacheWriter> m_writer;
    std::unique_ptr<ConversationPageReader> m_reader;
    std::unique_ptr<SyncController> m_sync;
    ConversationListModel *m_conversations;
    MessageListModel *m_messages;
    PresenceTracker *m_presence;
    AgentActions *m_actions;
    CannedResponseSync *m_canned = nullptr;
    CannedResponseModel *m_cannedModel;
    NoteSync *m_notes = nullptr;
    QSet<qint64> m_mentioned;
    TeamDirectory m_directory;
    ConversationFilter m_filter;
    qint64 m_current = 0;
    bool m_attentive = false;
    bool m_typing = false;
    QTimer m_viewingTimer; // repeats "viewing": presence entries expire (PresenceTracker)
    QTimer m_typingTimer;  // typing stops on its own after a pause
    QTimer m_loadTimer;    // without a reader thread: the next page of the cache, between other events
    bool m_loadingCache = false;
    qint64 m_loadedLastMessageAt = 0; // where the next page starts
    qint64 m_loadedId = 0;
};

} // namespace Relaydesk::App
