#pragma once

#include "secretstore.h"

#include <QHash>
#include <optional>

namespace Relaydesk::App {

// Secrets kept for this session only: what the app uses when there is no
// keychain and the user did not opt in to a file. Also the fake other tests
// use: failWith() makes every later request answer with that result.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void read(const QString &account) override;
    void write(const QString &account, const QByteArray &secret) override;
    void remove(const QString &account) override;

    // Tests: answer every request with result (not Ok) and message; reset() undoes it.
    void failWith(Result result, const QString &message);
    void reset() { m_failure.reset(); }
    int requestCount() const { return m_requests; }
    bool contains(const QString &account) const { return m_secrets.contains(account); }

private:
    struct Failure { Result result; QString message; };

    QHash<QString, QByteArray> m_secrets;
    std::optional<Failure> m_failure;
    int m_requests = 0;
};

} // namespace Relaydesk::App
