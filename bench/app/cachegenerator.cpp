#include "cachegenerator.h"

#include "benchclock.h"
#include "benchreport.h"
#include "inboxsampler.h"
#include "localcache.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <cmath>

namespace Relaydesk::Bench {

using App::LocalCache;

namespace {

constexpr int ConversationBatch = 5'000;
constexpr int MessageBatch = 20'000;
constexpr qint64 Minute = 60'000;
constexpr qint64 Day = 24 * 60 * Minute;

bool removeCacheFiles(const QString &path)
{
    bool ok = true;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        if (QFile::exists(path + suffix))
            ok = QFile::remove(path + suffix) && ok;
    return ok;
}

// How many messages each conversation gets: a log-normal spread (most threads are a
// few messages, some run to hundreds), summing exactly to `total`; the first one is
// the big chat.
QList<int> messageCounts(const CacheSpec &spec, QRandomGenerator &random)
{
    QList<int> counts(spec.conversations, 1);
    if (spec.conversations == 0)
        return counts;
    counts[0] = std::max(1, spec.bigChat);
    qint64 left = spec.messages - counts[0] - (spec.conversations - 1);
    if (left <= 0 || spec.conversations == 1)
        return counts;
    QList<double> weights(spec.conversations, 0.0);
    double sum = 0;
    for (int i = 1; i < spec.conversations; ++i) {
        // Box–Muller: a normal deviate, sigma 1.1.
        const double u1 = std::max(random.generateDouble(), 1e-12);
        const double u2 = random.generateDouble();
        weights[i] = std::exp(1.1 * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2));
        sum += weights[i];
    }
    qint64 given = 0;
    for (int i = 1; i < spec.conversations; ++i) {
        const int extra = int(double(left) * weights[i] / sum);
        counts[i] += extra;
        given += extra;
    }
    for (qint64 rest = left - given; rest > 0; --rest)
        ++counts[1 + int(random.bounded(quint32(spec.conversations - 1)))];
    return counts;
}

} // namespace

QString CacheSpec::fingerprint() const
{
    return QStringLiteral("v1 conversations=%1 messages=%2 big=%3 seed=%4").arg(conversations).arg(messages).arg(bigChat).arg(seed);
}

bool CacheGenerator::generate(const CacheSpec &spec, BenchReport &report, QString *error)
{
    if (spec.conversations < 1 || spec.messages < spec.conversations || spec.bigChat > spec.messages - (spec.conversations - 1)) {
        *error = QStringLiteral("need conversations >= 1 and conversations <= messages, big chat included");
        return false;
    }
    if (QFileInfo::exists(spec.path)) {
        QString held;
        {
            LocalCache existing(spec.path);
            if (!existing.open(error))
                return false;
            held = existing.meta(CacheKeys::Generator);
        }
        if (held == spec.fingerprint()) {
            report.say(QStringLiteral("%1 already holds %2: not generated again").arg(spec.path, held));
            report.set(QStringLiteral("generated"), false);
            return verify(spec, report, error);
        }
        if (held.isEmpty()) {
            *error = QStringLiteral("%1 exists and was not made by this generator: not overwritten").arg(spec.path);
            return false;
        }
        report.say(QStringLiteral("%1 holds another spec (%2): generating it again").arg(spec.path, held));
        if (!removeCacheFiles(spec.path)) {
            *error = QStringLiteral("cannot remove %1").arg(spec.path);
            return false;
        }
    }

    const qint64 started = monotonicNs();
    LocalCache cache(spec.path);
    if (!cache.open(error))
        return false;
    if (!cache.hasFullTextSearch())
        report.say(QStringLiteral("note: this SQLite has no FTS5; the cache is generated without search tables"));

    InboxSampler sampler(spec.seed);
    const QList<int> counts = messageCounts(spec, sampler.random());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 nextMessageId = InboxSampler::FirstMessageId;
    QList<Conversation> conversations;
    QList<Message> messages;
    conversations.reserve(ConversationBatch);
    messages.reserve(MessageBatch + spec.bigChat);
    qint64 written = 0;
    qint64 lastReport = started;
    auto flushMessages = [&] {
        if (messages.isEmpty())
            return true;
        if (!cache.applyMessages(messages)) {
            *error = cache.lastError();
            return false;
        }
        written += messages.size();
        messages.clear();
        const qint64 t = monotonicNs();
        if (t - lastReport > 10'000'000'000LL) {
            lastReport = t;
            const double s = double(t - started) / 1e9;
            report.say(QStringLiteral("  %1 of %2 messages, %3 s, %4 messages/s")
                           .arg(written).arg(spec.messages).arg(s, 0, 'f', 1).arg(double(written) / s, 0, 'f', 0));
        }
        return true;
    };
    auto flushConversations = [&] {
        // applySnapshot stores the position too: 0, "before the relay's first event".
        if (!conversations.isEmpty() && !cache.applySnapshot(conversations, 0)) {
            *error = cache.lastError();
            return false;
        }
        conversations.clear();
        return true;
    };

    for (int i = 0; i < spec.conversations; ++i) {
        Conversation c = sampler.newConversation(InboxSampler::FirstConversationId + i);
        const int count = counts.at(i);
        // The big chat is the newest; others were last active up to four months ago,
        // most of them recently (exponential, mean ten days).
        const double age = -std::log(1.0 - sampler.random().generateDouble()) * 10 * Day;
        const qint64 lastAt = i == 0 ? now - Minute
                                     : now - 2 * Minute - std::min<qint64>(120 * Day, qint64(age)) - qint64(sampler.random().bounded(60'000u));
        // A few minutes to hours between messages; the big chat spans months.
        const qint64 gap = i == 0 ? 20 * Minute : 2 * Minute + qint64(sampler.random().bounded(quint32(6 * 60 * Minute)));
        QStringList recentMids;
        bool incoming = true;
        for (int k = 0; k < count; ++k) {
            // Evenly spaced with up to half a gap of jitter: strictly increasing, the last at lastAt.
            const qint64 jitter = k == count - 1 ? 0 : qint64(sampler.random().bounded(quint32(gap / 2)));
            const qint64 t = lastAt - gap * (count - 1 - k) - jitter;
            const QString quote = recentMids.isEmpty() ? QString() : recentMids.at(int(sampler.random().bounded(quint32(recentMids.size()))));
            const Message m = sampler.message(c, nextMessageId++, t, incoming, quote);
            sampler.addToConversation(c, m);
            messages.append(m);
            recentMids.append(m.mid);
            if (recentMids.size() > 20)
                recentMids.removeFirst();
            // Customers write in runs; agents answer once or twice.
            incoming = incoming ? sampler.random().bounded(100u) < 55 : sampler.random().bounded(100u) < 75;
        }
        sampler.settle(c);
        if (i == 0) {
            c.status = Conversation::Status::Open;
            c.assigneeId = InboxSampler::MyAgentId;
        }
        conversations.append(c);
        if (conversations.size() >= ConversationBatch && !flushConversations())
            return false;
        if (messages.size() >= MessageBatch && !flushMessages())
            return false;
    }
    if (!flushConversations() || !flushMessages())
        return false;

    const QString directory = QString::fromUtf8(QJsonDocument(InboxSampler::directory().toJson()).toJson(QJsonDocument::Compact));
    if (!cache.setMeta(CacheKeys::Directory, directory)
        || !cache.setMeta(CacheKeys::BigConversation, QString::number(InboxSampler::FirstConversationId))
        || !cache.setMeta(CacheKeys::Conversations, QString::number(spec.conversations))
        || !cache.setMeta(CacheKeys::Generator, spec.fingerprint())) {
        *error = cache.lastError();
        return false;
    }
    const double seconds = double(monotonicNs() - started) / 1e9;
    report.say(QStringLiteral("generated %1 conversations and %2 messages in %3 s (%4 messages/s) through LocalCache")
                   .arg(spec.conversations).arg(written).arg(seconds, 0, 'f', 1).arg(double(written) / seconds, 0, 'f', 0));
    report.set(QStringLiteral("generated"), true);
    report.set(QStringLiteral("generate_s"), std::round(seconds * 10) / 10);
    return verify(spec, report, error);
}

bool CacheGenerator::verify(const CacheSpec &spec, BenchReport &report, QString *error)
{
    LocalCache cache(spec.path);
    if (!cache.open(error))
        return false;
    const qint64 big = cache.meta(CacheKeys::BigConversation).toLongLong();
    const int bigCount = cache.messageCount(big);
    const QList<Conversation> newest = cache.conversations(1);
    if (newest.isEmpty() || newest.first().id != big || bigCount != spec.bigChat) {
        *error = QStringLiteral("%1 does not hold what was generated (big chat %2 with %3 messages)").arg(spec.path).arg(big).arg(bigCount);
        return false;
    }
    // Counted on a second connection, as a reader of the same file would.
    qint64 conversations = 0, messages = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-verify"));
        db.setDatabaseName(spec.path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages)")) && q.next()) {
                conversations = q.value(0).toLongLong();
                messages = q.value(1).toLongLong();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-verify"));
    if (conversations != spec.conversations || messages != spec.messages) {
        *error = QStringLiteral("%1 holds %2 conversations and %3 messages, expected %4 and %5")
                     .arg(spec.path).arg(conversations).arg(messages).arg(spec.conversations).arg(spec.messages);
        return false;
    }
    const double mib = double(QFileInfo(spec.path).size()) / (1024.0 * 1024.0);
    report.say(QStringLiteral("verified with LocalCache: %1 conversations, %2 messages, big chat %3 with %4 messages; file %5 MiB")
                   .arg(conversations).arg(messages).arg(big).arg(bigCount).arg(mib, 0, 'f', 0));
    report.set(QStringLiteral("conversations"), double(conversations));
    report.set(QStringLiteral("messages"), double(messages));
    report.set(QStringLiteral("big_conversation"), double(big));
    report.set(QStringLiteral("file_mib"), std::round(mib));
    return true;
}

} // namespace Relaydesk::Bench
