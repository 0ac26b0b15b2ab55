#include "filesecretstore.h"

#include "appcorelogging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace Relaydesk::App {

namespace {
constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyDir = OwnerOnly | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions GroupOrOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
}

FileSecretStore::FileSecretStore(const QString &directory, QObject *parent)
    : SecretStore(parent)
    , m_directory(directory)
{
}

QString FileSecretStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/secrets");
}

QString FileSecretStore::filePath(const QString &account) const
{
    // Account keys are URLs: hash them into a name that is safe on every file system.
    const QByteArray name = QCryptographicHash::hash(account.toUtf8(), QCryptographicHash::Sha256).toHex();
    return m_directory + QLatin1Char('/') + QString::fromLatin1(name) + QStringLiteral(".token");
}

// The file system answers at once, but SecretStore promises queued answers.

void FileSecretStore::read(const QString &account)
{
    QByteArray secret;
    QString message;
    const Result result = readNow(account, &secret, &message);
    QMetaObject::invokeMethod(this, [this, account, result, secret, message] {
        emit secretRead(account, result, secret, message);
    }, Qt::QueuedConnection);
}

void FileSecretStore::write(const QString &account, const QByteArray &secret)
{
    QString message;
    const Result result = writeNow(account, secret, &message);
    QMetaObject::invokeMethod(this, [this, account, result, message] {
        emit secretWritten(account, result, message);
    }, Qt::QueuedConnection);
}

void FileSecretStore::remove(const QString &account)
{
    QString message;
    const Result result = removeNow(account, &message);
    QMetaObject::invokeMethod(this, [this, account, result, message] {
        emit secretRemoved(account, result, message);
    }, Qt::QueuedConnection);
}

SecretStore::Result FileSecretStore::readNow(const QString &account, QByteArray *secret, QString *message) const
{
    QFile file(filePath(account));
    if (!file.exists()) {
        *message = tr("No token is stored for this account.");
        return Result::NotFound;
    }
    // The promise was "only you can read it": a file others can read is not used.
    if (file.permissions() & GroupOrOthers) {
        qCWarning(lcSecrets) << "token file" << file.fileName() << "is accessible to other users; not using it";
        *message = tr("The token file %1 can be read by other users, so it is not used. Sign in again.")
                       .arg(QDir::toNativeSeparators(file.fileName()));
        return Result::Error;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcSecrets) << "cannot read" << file.fileName() << file.errorString();
        *message = tr("Cannot read the token file: %1").arg(file.errorString());
        return Result::Error;
    }
    *secret = file.readAll();
    return Result::Ok;
}

SecretStore::Result FileSecretStore::writeNow(const QString &account, const QByteArray &secret,
                                              QString *message) const
{
    QDir dir(m_directory);
    if (!dir.mkpath(QStringLiteral(".")) || !QFile::setPermissions(m_directory, OwnerOnlyDir)) {
        qCWarning(lcSecrets) << "cannot create" << m_directory;
        *message = tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(m_directory));
        return Result::Error;
    }
    QSaveFile file(filePath(account));
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcSecrets) << "cannot create" << file.fileName() << file.errorString();
        *message = tr("Cannot create the token file: %1").arg(file.errorString());
        return Result::Error;
    }
    // Restrict the temporary file before a byte of the token is in it; the rename
    // in commit() keeps its mode, so the token is never readable by others.
    if (!file.setPermissions(OwnerOnly)) {
        qCWarning(lcSecrets) << "cannot restrict" << file.fileName() << file.errorString();
        file.cancelWriting();
        *message = tr("Cannot make the token file private: %1").arg(file.errorString());
        return Result::Error;
    }
    if (file.write(secret) != secret.size() || !file.commit()) {
        qCWarning(lcSecrets) << "cannot write" << file.fileName() << file.errorString();
        *message = tr("Cannot write the token file: %1").arg(file.errorString());
        return Result::Error;
    }
    qCInfo(lcSecrets) << "token stored in" << file.fileName();
    return Result::Ok;
}

SecretStore::Result FileSecretStore::removeNow(const QString &account, QString *message) const
{
    QFile file(filePath(account));
    if (!file.exists()) {
        *message = tr("No token is stored for this account.");
        return Result::NotFound;
    }
    if (!file.remove()) {
        qCWarning(lcSecrets) << "cannot remove" << file.fileName() << file.errorString();
        *message = tr("Cannot remove the token file: %1").arg(file.errorString());
        return Result::Error;
    }
    qCInfo(lcSecrets) << "token file removed:" << file.fileName();
    return Result::Ok;
}

} // namespace Relaydesk::App
