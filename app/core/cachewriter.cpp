#include "cachewriter.h"

#include "appcorelogging.h"
#include "localcache.h"

#include <QCoreApplication>
#include <QMutex>
#include <QThread>

#include <memory>

namespace Relaydesk::App {

namespace {
// Batches waiting when the writer comes round are written in one transaction, up to
// this many events: a commit (and a full-text segment) per socket read would leave the
// writer further behind the more it falls behind.
constexpr int MaxEventsPerTransaction = 5'000;
} // namespace

// Lives on the writer's thread; owns the connection there. Batches are handed over
// through a queue, so whatever piled up while a transaction ran goes into the next one.
class CacheWriter::Worker : public QObject
{
    Q_OBJECT
public:
    explicit Worker(const QString &path) : m_path(path) {}

    bool open(QString *error)
    {
        m_cache = std::make_unique<LocalCache>(m_path);
        return m_cache->open(error);
    }

    void close() { m_cache.reset(); }

    // Any thread.
    void enqueue(const QList<Relaydesk::Event> &events)
    {
        QMutexLocker lock(&m_mutex);
        m_queue.append(events);
        if (m_queue.size() == 1)
            QMetaObject::invokeMethod(this, [this] { drain(MaxEventsPerTransaction); }, Qt::QueuedConnection);
    }

    // Writes what is queued, up to about `limit` events, in one transaction (all when limit is 0).
    void drain(int limit)
    {
        QList<Event> events;
        int batches = 0;
        bool more = false;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_queue.isEmpty() && (limit == 0 || events.isEmpty() || events.size() + m_queue.first().size() <= limit)) {
                events += m_queue.takeFirst();
                ++batches;
            }
            more = !m_queue.isEmpty();
        }
        if (more)
            QMetaObject::invokeMethod(this, [this] { drain(MaxEventsPerTransaction); }, Qt::QueuedConnection);
        if (batches == 0)
            return;
        const qint64 before = m_cache->lastSeq();
        if (!m_cache->applyEvents(events)) {
            emit failed(m_cache->lastError(), batches);
            return;
        }
        QList<Event> applied;
        for (const Event &e : std::as_const(events))
            if (e.seq > before)
                applied.append(e);
        emit written(applied, m_cache->lastSeq(), batches);
    }

signals:
    void written(const QList<Relaydesk::Event> &applied, qint64 lastSeq, int batches);
    void failed(const QString &error, int batches);

private:
    QString m_path;
    std::unique_ptr<LocalCache> m_cache;
    QMutex m_mutex;
    QList<QList<Relaydesk::Event>> m_queue;
};

CacheWriter::CacheWriter(const QString &path, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new Worker(path))
{
    m_thread->setObjectName(QStringLiteral("relaydesk-cache-writer"));
    m_worker->moveToThread(m_thread);
    // Queued to this thread, in order; the count drops once the listeners have run.
    connect(m_worker, &Worker::written, this, [this](const QList<Event> &applied, qint64 lastSeq, int batches) {
        emit eventsWritten(applied, lastSeq);
        m_pending -= batches;
    });
    connect(m_worker, &Worker::failed, this, [this](const QString &error, int batches) {
        qCWarning(lcCache).noquote() << "the cache writer could not write" << batches << "batches:" << error;
        emit writeFailed(error);
        m_pending -= batches;
    });
    m_thread->start();
}

CacheWriter::~CacheWriter()
{
    QMetaObject::invokeMethod(m_worker, [this] {
        m_worker->drain(0);
        m_worker->close();
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
}

bool CacheWriter::open(QString *error)
{
    bool ok = false;
    QString why;
    QMetaObject::invokeMethod(m_worker, [&] { ok = m_worker->open(&why); }, Qt::BlockingQueuedConnection);
    if (!ok && error)
        *error = why;
    return ok;
}

void CacheWriter::applyEvents(const QList<Event> &events)
{
    ++m_pending;
    m_worker->enqueue(events);
}

void CacheWriter::waitForIdle()
{
    // Everything queued so far goes in now; the notifications wait in this thread's
    // queue and are delivered here, in order.
    QMetaObject::invokeMethod(m_worker, [this] { m_worker->drain(0); }, Qt::BlockingQueuedConnection);
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

} // namespace Relaydesk::App

#include "cachewriter.moc"
