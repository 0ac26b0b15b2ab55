#include "conversationpagereader.h"

#include "appcorelogging.h"
#include "localcache.h"

#include <QThread>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

namespace Relaydesk::App {

ConversationPageReader::ConversationPageReader(const QString &cachePath, int pageSize, QObject *parent)
    : QObject(parent)
    , m_path(cachePath)
    , m_pageSize(qMax(1, pageSize))
{
}

ConversationPageReader::~ConversationPageReader()
{
    if (!m_thread)
        return;
    m_stop = true;
    m_room.release(PagesAhead + 1); // a reader waiting for room goes on, sees the stop
    m_thread->wait();
    delete m_thread;
}

bool ConversationPageReader::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void ConversationPageReader::start(qint64 afterLastMessageAt, qint64 afterId)
{
    if (m_thread)
        return;
    m_thread = QThread::create([this, afterLastMessageAt, afterId] { run(afterLastMessageAt, afterId); });
    m_thread->setObjectName(QStringLiteral("cache reader"));
    m_thread->start(QThread::LowPriority);
}

// Runs on the reader's thread. Results reach the receiver through queued calls on this
// object: dropped, not delivered, if it is gone by then.
void ConversationPageReader::run(qint64 lastMessageAt, qint64 id)
{
#ifdef Q_OS_LINUX
    // QThread::LowPriority means nothing to Linux's default scheduler; a nice value does,
    // and is per thread there: on a busy machine the reader gives way to the UI thread.
    setpriority(PRIO_PROCESS, 0, 10);
#endif
    int count = 0;
    {
        LocalCache cache(m_path); // a connection of this thread's own
        QString error;
        if (!cache.open(&error)) {
            QMetaObject::invokeMethod(this, [this, error] { emit failed(error); }, Qt::QueuedConnection);
            return;
        }
        while (!m_stop) {
            m_room.acquire();
            if (m_stop)
                break;
            const QList<Conversation> page = cache.conversations(m_pageSize, lastMessageAt, id);
            ++m_pagesRead;
            if (!page.isEmpty()) {
                lastMessageAt = page.last().lastMessageAt;
                id = page.last().id;
                count += int(page.size());
                QMetaObject::invokeMethod(this, [this, page] { emit pageRead(page); }, Qt::QueuedConnection);
            }
            if (page.size() < m_pageSize)
                break;
        }
    }
    if (!m_stop) {
        qCDebug(lcSession) << "the reader thread read" << count << "conversations";
        QMetaObject::invokeMethod(this, [this, count] { emit finished(count); }, Qt::QueuedConnection);
    }
}

} // namespace Relaydesk::App
