#pragma once

#include <QString>

namespace Relaydesk::Bench {

class BenchReport;

// Writes a cache file the app opens as its own: made through LocalCache (the
// app's schema, migrations, JSON columns and full-text tables), filled with a
// realistic inbox (InboxSampler) in large transactions. One conversation, the
// newest, holds `bigChat` messages for the chat scrolling benchmark.
struct CacheSpec
{
    QString path;
    int conversations = 50'000;
    qint64 messages = 1'000'000;
    int bigChat = 10'000;
    quint32 seed = 1;

    QString fingerprint() const; // stored in the cache: same spec, same file
};

namespace CacheKeys {
inline const QString Generator = QStringLiteral("bench.generator");
inline const QString BigConversation = QStringLiteral("bench.big_conversation");
inline const QString Conversations = QStringLiteral("bench.conversations");
inline const QString Directory = QStringLiteral("directory"); // InboxSession's key for the team directory
} // namespace CacheKeys

class CacheGenerator
{
public:
    // Generates spec.path unless it already holds this spec (then says so and returns
    // true). A file that holds another spec is regenerated only if it is a generated
    // one; anything else is refused, so a real cache is never overwritten.
    static bool generate(const CacheSpec &spec, BenchReport &report, QString *error);
    // Opens the file with LocalCache and checks what it holds against the spec.
    static bool verify(const CacheSpec &spec, BenchReport &report, QString *error);
};

} // namespace Relaydesk::Bench
