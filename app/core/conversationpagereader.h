#pragma once

#include "conversation.h"

#include <QList>
#include <QObject>
#include <QSemaphore>
#include <QString>

#include <atomic>

class QThread;

namespace Relaydesk::App {

// Reads the rest of the inbox from the cache on a thread of its own, through a
// connection of its own, in pages by activity (newest first, after a given row), so
// the UI thread only adds finished pages to the list: reading and parsing 50,000
// conversations took ~0.8 s of the UI thread's time after the first paint.
//
// It reads at most PagesAhead pages ahead of what the receiver took (pageTaken()): a
// thread that reads faster than the list adds would otherwise queue every page at once,
// and Qt delivers queued calls in one pass of the event loop, the long stall again.
class ConversationPageReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int PagesAhead = 2;

    ConversationPageReader(const QString &cachePath, int pageSize, QObject *parent = nullptr);
    // Stops after the page it is reading, and waits for its thread.
    ~ConversationPageReader() override;

    // Starts reading below (lastMessageAt, id), the last row the receiver has.
    void start(qint64 afterLastMessageAt, qint64 afterId);
    bool isRunning() const;
    // The receiver has added a page: the reader may read one more ahead.
    void pageTaken() { m_room.release(); }
    // Pages read so far, delivered or not (any thread).
    int pagesRead() const { return m_pagesRead.load(); }

signals:
    void pageRead(const QList<Relaydesk::Conversation> &page);
    // The last page was read (count conversations in all), or reading failed.
    void finished(int count);
    void failed(const QString &error);

private:
    void run(qint64 lastMessageAt, qint64 id);

    QString m_path;
    int m_pageSize;
    QThread *m_thread = nullptr;
    QSemaphore m_room{PagesAhead};
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_pagesRead{0};
};

} // namespace Relaydesk::App
