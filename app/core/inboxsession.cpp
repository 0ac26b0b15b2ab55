#include "inboxsession.h"

#include "agentactions.h"
#include "appcorelogging.h"
#include "cachewriter.h"
#include "cannedresponsemodel.h"
#include "cannedresponsesync.h"
#include "conversationlistmodel.h"
#include "conversationpagereader.h"
#include "localcache.h"
#include "messagelistmodel.h"
#include "notesync.h"
#include "presencetracker.h"
#include "relayconnection.h"
#include "synccontroller.h"

#include <QJsonDocument>

#include <algorithm>

namespace Relaydesk::App {

namespace {
constexpr int ConversationsToSearch = 100'000;
// The first page fills any window; the rest of the inbox (the model keeps all of it,
// the view paints what shows) follows in pages, read and parsed on a reader thread;
// adding one to the list takes the UI thread about a millisecond.
constexpr int FirstPage = 500;
constexpr int NextPage = 500;
constexpr int MessagesToPaint = 200;
constexpr int OlderMessagesPage = 200; // scrolling up, from the cache
constexpr int ViewingRepeatMs = 30'000;
constexpr int TypingPauseMs = 5'000;
const QString DirectoryKey = QStringLiteral("directory");
const QString MentionedKey = QStringLiteral("mentioned"); // conversation ids, comma separated
} // namespace

InboxSession::InboxSession(const QString &cachePath, QObject *parent)
    : QObject(parent)
    , m_connection(std::make_unique<RelayConnection>())
    , m_cache(std::make_unique<LocalCache>(cachePath))
    , m_conversations(new ConversationListModel(this))
    , m_messages(new MessageListModel(this))
    , m_presence(new PresenceTracker(this))
    , m_actions(new AgentActions(m_connection.get(), this))
    , m_cannedModel(new CannedResponseModel(this))
{
    connect(m_connection.get(), &RelayConnection::welcomed, this, &InboxSession::onWelcomed);
    connect(m_connection.get(), &RelayConnection::presenceChanged, m_presence, &PresenceTracker::updatePresence);
    connect(m_connection.get(), &RelayConnection::caughtUp, this, &InboxSession::markCurrentReadIfNeeded);
    connect(m_actions, &AgentActions::actionFailed, this, &InboxSession::errorOccurred);
    m_viewingTimer.setInterval(ViewingRepeatMs);
    connect(&m_viewingTimer, &QTimer::timeout, this, [this] { tellPresence(QStringLiteral("viewing")); });
    m_typingTimer.setSingleShot(true);
    m_typingTimer.setInterval(TypingPauseMs);
    connect(&m_typingTimer, &QTimer::timeout, this, [this] { setTyping(false); });
    m_loadTimer.setSingleShot(true);
    m_loadTimer.setInterval(0);
    connect(&m_loadTimer, &QTimer::timeout, this, &InboxSession::loadNextPage);
}

InboxSession::~InboxSession()
{
    // The sync controller listens to all three: it goes first; the writer finishes its
    // batches before the cache goes.
    m_reader.reset();
    m_sync.reset();
    m_writer.reset();
}

bool InboxSession::open(QString *error)
{
    if (!m_cache->open(error))
        return false;
    m_sync = std::make_unique<SyncController>(m_connection.get(), m_cache.get());
    // Live events are written on a thread of their own: SQLite never stalls the window.
    m_writer = std::make_unique<CacheWriter>(m_cache->path());
    QString why;
    if (m_writer->open(&why)) {
        m_sync->setWriter(m_writer.get());
    } else {
        qCWarning(lcSession).noquote() << "no cache writer thread, events are written on the UI thread:" << why;
        m_writer.reset();
    }
    connect(m_sync.get(), &SyncController::eventsApplied, m_conversations, &ConversationListModel::applyEvents);
    connect(m_sync.get(), &SyncController::eventsApplied, m_messages, &MessageListModel::applyEvents);
    connect(m_sync.get(), &SyncController::eventsApplied, this, &InboxSession::markCurrentReadIfNeeded);
    connect(m_sync.get(), &SyncController::snapshotApplied, m_conversations, &ConversationListModel::load);
    connect(m_sync.get(), &SyncController::snapshotApplied, this, &InboxSession::markCurrentReadIfNeeded);
    connect(m_sync.get(), &SyncController::replyQueued, m_messages, &MessageListModel::upsert);
    connect(m_sync.get(), &SyncController::replyAcknowledged, m_messages, &MessageListModel::upsert);
    connect(m_sync.get(), &SyncController::replyFailed, m_messages, &MessageListModel::upsert);
    connect(m_sync.get(), &SyncController::olderMessagesLoaded, m_messages,
            [this](qint64 id, const QList<Message> &messages, bool) { m_messages->prependOlder(id, messages); });
    connect(m_sync.get(), &SyncController::replyRefused, this,
            [this](const QString &, const QString &code, const QString &message) {
                if (SyncController::isPermanentRefusal(code))
                    emit errorOccurred(tr("The reply was not sent: %1").arg(message));
            });
    connect(m_sync.get(), &SyncController::cacheFailed, this,
            [this](const QString &why) { emit errorOccurred(tr("The local cache failed: %1").arg(why)); });

    m_canned = new CannedResponseSync(m_connection.get(), m_cache.get(), this);
    connect(m_sync.get(), &SyncController::eventsApplied, m_canned, &CannedResponseSync::onEventsApplied);
    connect(m_canned, &CannedResponseSync::changeRefused, this, &InboxSession::errorOccurred);
    connect(m_canned, &CannedResponseSync::changed, this,
            [this] { m_cannedModel->setResponses(m_canned->responses(), m_canned->pendingIds()); });
    m_cannedModel->setResponses(m_canned->responses(), m_canned->pendingIds());

    m_directory = TeamDirectory::fromJson(QJsonDocument::fromJson(m_cache->meta(DirectoryKey).toUtf8()).object());
    m_notes = new NoteSync(m_connection.get(), m_cache.get(), this);
    m_notes->setDirectory(m_directory);
    connect(m_sync.get(), &SyncController::eventsApplied, m_notes, &NoteSync::onEventsApplied);
    connect(m_notes, &NoteSync::noteRefused, this, &InboxSession::errorOccurred);
    connect(m_notes, &NoteSync::notesChanged, this, &InboxSession::showNotes);
    connect(m_notes, &NoteSync::mentioned, this, [this](const Note &note) {
        // Looking at it already: nothing to mark.
        if (note.conversationId != m_current || !m_attentive)
            setMentioned(note.conversationId, true);
        emit mentionReceived(note);
    });
    const QStringList mentioned = m_cache->meta(MentionedKey).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &id : mentioned)
        m_mentioned.insert(id.toLongLong());
    m_conversations->setMentioned(m_mentioned);
    m_presence->setSelf(m_directory.me.id);
    m_filter.myAgentId = m_directory.me.id;
    m_conversations->setFilter(m_filter);
    const QList<Conversation> first = m_cache->conversations(FirstPage);
    m_conversations->load(first);
    m_loadingCache = first.size() == FirstPage;
    if (m_loadingCache) {
        m_loadedLastMessageAt = first.last().lastMessageAt;
        m_loadedId = first.last().id;
        m_reader = std::make_unique<ConversationPageReader>(m_cache->path(), NextPage);
        connect(m_reader.get(), &ConversationPageReader::pageRead, this, &InboxSession::addPage);
        connect(m_reader.get(), &ConversationPageReader::finished, this, &InboxSession::finishLoading);
        connect(m_reader.get(), &ConversationPageReader::failed, this, [this](const QString &why) {
            qCWarning(lcSession).noquote() << "no cache reader thread, the rest of the list is read on the UI thread:" << why;
            m_loadTimer.start(); // from the last page it gave
        });
        m_reader->start(m_loadedLastMessageAt, m_loadedId);
    }
    if (!m_directory.isEmpty())
        emit directoryChanged();
    return true;
}

void InboxSession::loadNextPage()
{
    const QList<Conversation> page = m_cache->conversations(NextPage, m_loadedLastMessageAt, m_loadedId);
    addPage(page);
    if (page.size() == NextPage)
        m_loadTimer.start();
    else
        finishLoading();
}

void InboxSession::addPage(const QList<Conversation> &page)
{
    if (m_reader)
        m_reader->pageTaken();
    if (page.isEmpty())
        return;
    m_loadedLastMessageAt = page.last().lastMessageAt;
    m_loadedId = page.last().id;
    // The reader read its page a moment ago: a conversation an event brought since is
    // newer in the list than in the page (and the event's copy is the cache's now).
    QList<Conversation> fresh;
    fresh.reserve(page.size());
    for (const Conversation &c : page)
        if (!m_conversations->find(c.id))
            fresh.append(c);
    m_conversations->appendOlder(fresh);
    emit conversationsLoaded(fresh);
}

void InboxSession::finishLoading()
{
    m_loadingCache = false;
    qCInfo(lcSession) << "the cache is read:" << m_conversations->totalCount() << "conversations";
    emit cacheLoaded();
}

void InboxSession::connectToRelay(const QUrl &wsUrl, const QByteArray &token)
{
    m_connection->setRelayUrl(wsUrl);
    m_connection->setToken(token);
    m_connection->open();
}

void InboxSession::disconnectFromRelay()
{
    if (m_current)
        tellPresence(QStringLiteral("idle"));
    m_connection->close();
    m_presence->clear();
}

void InboxSession::onWelcomed(const AgentInfo &me, const QList<PageInfo> &pages, const QList<AgentInfo> &agents)
{
    const TeamDirectory directory{me, pages, agents};
    if (directory == m_directory)
        return;
    m_directory = directory;
    m_notes->setDirectory(directory);
    m_cache->setMeta(DirectoryKey, QString::fromUtf8(QJsonDocument(directory.toJson()).toJson(QJsonDocument::Compact)));
    m_presence->setSelf(me.id);
    if (m_filter.myAgentId != me.id)
        applyFilter();
    emit directoryChanged();
}

void InboxSession::setAttentive(bool attentive)
{
    if (m_attentive == attentive)
        return;
    m_attentive = attentive;
    if (!m_current)
        return;
    if (attentive) {
        markCurrentReadIfNeeded();
        tellPresence(QStringLiteral("viewing"));
        m_viewingTimer.start();
    } else {
        m_viewingTimer.stop();
    }
}

void InboxSession::openConversation(qint64 conversationId)
{
    if (conversationId == m_current)
        return;
    if (m_current) {
        setTyping(false);
        tellPresence(QStringLiteral("idle"));
    }
    m_current = conversationId;
    const QList<Message> cached = conversationId ? m_cache->messages(conversationId, MessagesToPaint) : QList<Message>{};
    m_messages->setConversation(conversationId, cached);
    showNotes(conversationId);
    if (conversationId) {
        m_notes->fetch(conversationId);
        setMentioned(conversationId, false);
        // A short cached history (a conversation seen only in a snapshot): ask for more.
        if (cached.size() < 20)
            m_sync->loadOlder(conversationId);
        markCurrentReadIfNeeded();
        if (m_attentive) {
            tellPresence(QStringLiteral("viewing"));
            m_viewingTimer.start();
        }
    } else {
        m_viewingTimer.stop();
    }
    emit currentConversationChanged(conversationId);
}

void InboxSession::markCurrentReadIfNeeded()
{
    if (!m_current || !m_attentive)
        return;
    const Conversation *c = m_conversations->find(m_current);
    if (c && c->unreadCount > 0 && m_connection->state() == RelayConnection::State::Live)
        m_actions->markRead(m_current);
}

void InboxSession::tellPresence(const QString &state)
{
    if (m_current && m_connection->state() == RelayConnection::State::Live)
        m_actions->setPresence(m_current, state);
}

void InboxSession::setTyping(bool typing)
{
    if (typing)
        m_typingTimer.start();
    if (typing == m_typing || !m_current)
        return;
    m_typing = typing;
    if (m_connection->state() == RelayConnection::State::Live)
        m_actions->setTyping(m_current, typing);
}

std::optional<Message> InboxSession::sendReply(const QString &text)
{
    if (!m_current)
        return std::nullopt;
    setTyping(false);
    return m_sync->sendReply(m_current, text);
}

bool InboxSession::retry(const Message &message)
{
    if (message.status != Message::Status::Failed)
        return false;
    // A reply the relay refused never left our outbox (local id); one Meta refused is the relay's to resend.
    if (message.id < 0)
        return m_sync->retryReply(message.clientId).has_value();
    return m_actions->retryMessage(message.id);
}

void InboxSession::loadOlder()
{
    if (!m_current)
        return;
    // The cache first: it holds more than the page painted at opening, and offline it
    // is all there is. The relay is asked only once the cache has nothing older (it
    // pages from the cache's oldest message, which is then the oldest shown).
    if (m_messages->rowCount() > 0) {
        const Message &oldest = m_messages->messageAt(0);
        const QList<Message> page =
            m_cache->messages(m_current, OlderMessagesPage, oldest.timestamp, std::max<qint64>(oldest.id, 0));
        if (!page.isEmpty()) {
            m_messages->prependOlder(m_current, page);
            return;
        }
    }
    m_sync->loadOlder(m_current);
}

void InboxSession::showNotes(qint64 conversationId)
{
    if (!conversationId || conversationId != m_current || !m_notes)
        return;
    const QList<Note> notes = m_notes->notes(conversationId);
    for (const Note &n : notes)
        m_messages->upsert(MessageListModel::noteRow(n, m_notes->statusOf(n.id)));
}

void InboxSession::setMentioned(qint64 conversationId, bool mentioned)
{
    if (m_mentioned.contains(conversationId) == mentioned)
        return;
    if (mentioned)
        m_mentioned.insert(conversationId);
    else
        m_mentioned.remove(conversationId);
    QStringList ids;
    for (const qint64 id : std::as_const(m_mentioned))
        ids.append(QString::number(id));
    m_cache->setMeta(MentionedKey, ids.join(QLatin1Char(',')));
    m_conversations->setMentioned(m_mentioned);
    emit mentionsChanged();
}

CannedPlaceholders::Values InboxSession::placeholderValues() const
{
    CannedPlaceholders::Values values;
    values.agentName = m_directory.me.name;
    if (const Conversation *c = m_current ? m_conversations->find(m_current) : nullptr) {
        values.customerName = c->customer.name; // empty until the profile came: the placeholder stays
        for (const PageInfo &p : m_directory.pages)
            if (p.id == c->pageId)
                values.pageName = p.name;
    }
    return values;
}

void InboxSession::setFilterBox(ConversationFilter::Box box)
{
    m_filter.box = box;
    applyFilter();
}

void InboxSession::setFilterPage(const QString &pageId)
{
    m_filter.pageId = pageId;
    applyFilter();
}

void InboxSession::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    m_filter.searching = !trimmed.isEmpty();
    m_filter.matches.clear();
    if (m_filter.searching) {
        const QList<qint64> ids = m_cache->search(trimmed, ConversationsToSearch);
        m_filter.matches = QSet<qint64>(ids.cbegin(), ids.cend());
    }
    applyFilter();
}

void InboxSession::applyFilter()
{
    m_filter.myAgentId = m_directory.me.id;
    m_conversations->setFilter(m_filter);
}

} // namespace Relaydesk::App
