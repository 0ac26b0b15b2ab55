#pragma once

#include "secretstore.h"

#include <QQueue>

namespace QKeychain {
class Job;
}

namespace Relaydesk::App {

// The system keychain through QtKeychain (Secret Service on Linux, Keychain on
// macOS, Credential Manager on Windows). No insecure fallback: QtKeychain's does
// not cover libsecret, and a plain-text file is the user's explicit choice
// (FileSecretStore), never a silent one.
//
// One job at a time: QtKeychain's backends do not cope with overlapping jobs, and
// the next job is started by a queued call, never from the previous job's
// finished signal (starting one there re-enters the backend mid-teardown).
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView DefaultService{"relaydesk"};

    explicit KeychainSecretStore(const QString &service = QString(DefaultService), QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }

    void read(const QString &account) override;
    void write(const QString &account, const QByteArray &secret) override;
    void remove(const QString &account) override;

private:
    struct Request
    {
        enum Kind { Read, Write, Remove } kind;
        QString account;
        QByteArray secret;
    };

    void enqueue(Request request);
    void scheduleNext();
    void startNext();
    void onJobFinished(const Request &request, QKeychain::Job *job);

    QString m_service;
    QQueue<Request> m_queue;
    bool m_running = false;
    bool m_startScheduled = false;
};

} // namespace Relaydesk::App
