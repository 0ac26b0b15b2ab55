#pragma once

#include "secretstore.h"

namespace Relaydesk::App {

// The explicit opt-in for machines without a keychain: one file per account,
// mode 0600 from the moment it exists (in a 0700 folder), replaced atomically.
// Only used when the user chose "Store in a file only I can read".
class FileSecretStore : public SecretStore
{
    Q_OBJECT
public:
    // directory: where the files go; defaultDirectory() unless a test says otherwise.
    explicit FileSecretStore(const QString &directory = defaultDirectory(), QObject *parent = nullptr);

    static QString defaultDirectory();   // <app data>/secrets
    QString directory() const { return m_directory; }
    QString filePath(const QString &account) const;

    void read(const QString &account) override;
    void write(const QString &account, const QByteArray &secret) override;
    void remove(const QString &account) override;

private:
    Result readNow(const QString &account, QByteArray *secret, QString *message) const;
    Result writeNow(const QString &account, const QByteArray &secret, QString *message) const;
    Result removeNow(const QString &account, QString *message) const;

    QString m_directory;
};

} // namespace Relaydesk::App
