#include "keychainsecretstore.h"

#include "appcorelogging.h"

#include <QDBusConnection>

#include <qt6keychain/keychain.h>

namespace Relaydesk::App {

namespace {

// QtKeychain 0.13 on Linux cannot tell "no keychain here" up front: it reports it
// as an error of the first job, often OtherError with libsecret's or D-Bus's text.
bool sessionBusAvailable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    return QDBusConnection::sessionBus().isConnected();
#else
    return true;
#endif
}

bool mentionsMissingService(const QString &error)
{
    static const QLatin1StringView hints[] = {
        QLatin1StringView("org.freedesktop.secrets"),   // no Secret Service on the bus
        QLatin1StringView("ServiceUnknown"),
        QLatin1StringView("not provided by any"),
        QLatin1StringView("autolaunch"),                // no session bus at all
        QLatin1StringView("D-Bus"),
        QLatin1StringView("locked"),                    // keyring locked, no prompter
    };
    for (const QLatin1StringView hint : hints)
        if (error.contains(hint, Qt::CaseInsensitive))
            return true;
    return false;
}

SecretStore::Result classify(QKeychain::Error error, const QString &errorString)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretStore::Result::Ok;
    case QKeychain::EntryNotFound:
        return SecretStore::Result::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied:
        return SecretStore::Result::NoService;
    case QKeychain::OtherError:
        if (!sessionBusAvailable() || mentionsMissingService(errorString))
            return SecretStore::Result::NoService;
        return SecretStore::Result::Error;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::AccessDeniedByUser:
        break;
    }
    return SecretStore::Result::Error;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

void KeychainSecretStore::read(const QString &account) { enqueue({Request::Read, account, {}}); }
void KeychainSecretStore::write(const QString &account, const QByteArray &secret)
{
    enqueue({Request::Write, account, secret});
}
void KeychainSecretStore::remove(const QString &account) { enqueue({Request::Remove, account, {}}); }

void KeychainSecretStore::enqueue(Request request)
{
    m_queue.enqueue(std::move(request));
    scheduleNext();
}

void KeychainSecretStore::scheduleNext()
{
    if (m_running || m_startScheduled || m_queue.isEmpty())
        return;
    m_startScheduled = true;
    QMetaObject::invokeMethod(this, &KeychainSecretStore::startNext, Qt::QueuedConnection);
}

void KeychainSecretStore::startNext()
{
    m_startScheduled = false;
    if (m_running || m_queue.isEmpty())
        return;
    const Request request = m_queue.dequeue();
    QKeychain::Job *job = nullptr;
    switch (request.kind) {
    case Request::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Request::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service, this);
        write->setBinaryData(request.secret);
        job = write;
        break;
    }
    case Request::Remove:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    job->setKey(request.account);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    m_running = true;
    connect(job, &QKeychain::Job::finished, this, [this, request](QKeychain::Job *finished) {
        onJobFinished(request, finished);
    });
    static const char *const kindNames[] = {"read", "write", "remove"};
    qCDebug(lcSecrets) << "keychain" << kindNames[request.kind] << "for" << request.account;
    job->start();
}

void KeychainSecretStore::onJobFinished(const Request &request, QKeychain::Job *job)
{
    m_running = false;
    const Result result = classify(job->error(), job->errorString());
    QString message;
    switch (result) {
    case Result::Ok:
        break;
    case Result::NotFound:
        message = tr("No token is stored in the system keychain for this account.");
        break;
    case Result::NoService:
        message = tr("The system keychain is not available (%1).").arg(job->errorString());
        break;
    case Result::Error:
        message = tr("The system keychain refused: %1").arg(job->errorString());
        break;
    }
    if (result != Result::Ok && result != Result::NotFound)
        qCWarning(lcSecrets) << "keychain job for" << request.account << "failed:" << result << job->errorString();

    switch (request.kind) {
    case Request::Read: {
        QByteArray secret;
        if (result == Result::Ok)
            secret = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        emit secretRead(request.account, result, secret, message);
        break;
    }
    case Request::Write:
        emit secretWritten(request.account, result, message);
        break;
    case Request::Remove:
        emit secretRemoved(request.account, result, message);
        break;
    }
    // Never start the next job from inside this one's finished signal.
    scheduleNext();
}

} // namespace Relaydesk::App
