#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace Relaydesk::App {

// Where the agent's token lives between runs. Asynchronous because the system
// keychain is (it may prompt, or be a D-Bus round trip away): every request is
// answered by exactly one signal, never from inside the call itself, so callers
// can connect after calling and treat every implementation the same.
// Implementations never log a secret.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Result {
        Ok,
        NotFound,    // nothing stored under that account
        NoService,   // no keychain to talk to (no session bus, no secret service, locked)
        Error,       // anything else; the message says what
    };
    Q_ENUM(Result)

    using QObject::QObject;

    virtual void read(const QString &account) = 0;
    virtual void write(const QString &account, const QByteArray &secret) = 0;
    virtual void remove(const QString &account) = 0;

signals:
    // secret is empty unless result is Ok; errorMessage is empty when result is Ok.
    void secretRead(const QString &account, Relaydesk::App::SecretStore::Result result,
                    const QByteArray &secret, const QString &errorMessage);
    void secretWritten(const QString &account, Relaydesk::App::SecretStore::Result result,
                       const QString &errorMessage);
    void secretRemoved(const QString &account, Relaydesk::App::SecretStore::Result result,
                       const QString &errorMessage);
};

} // namespace Relaydesk::App
