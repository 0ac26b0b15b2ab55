#include "memorysecretstore.h"

namespace Relaydesk::App {

// Answers are queued: SecretStore promises never to answer from inside the call.

void MemorySecretStore::read(const QString &account)
{
    ++m_requests;
    Result result = Result::Ok;
    QByteArray secret;
    QString message;
    if (m_failure) {
        result = m_failure->result;
        message = m_failure->message;
    } else if (!m_secrets.contains(account)) {
        result = Result::NotFound;
        message = tr("No token is stored for this account.");
    } else {
        secret = m_secrets.value(account);
    }
    QMetaObject::invokeMethod(this, [this, account, result, secret, message] {
        emit secretRead(account, result, secret, message);
    }, Qt::QueuedConnection);
}

void MemorySecretStore::write(const QString &account, const QByteArray &secret)
{
    ++m_requests;
    Result result = Result::Ok;
    QString message;
    if (m_failure) {
        result = m_failure->result;
        message = m_failure->message;
    } else {
        m_secrets.insert(account, secret);
    }
    QMetaObject::invokeMethod(this, [this, account, result, message] {
        emit secretWritten(account, result, message);
    }, Qt::QueuedConnection);
}

void MemorySecretStore::remove(const QString &account)
{
    ++m_requests;
    Result result = Result::Ok;
    QString message;
    if (m_failure) {
        result = m_failure->result;
        message = m_failure->message;
    } else if (m_secrets.remove(account) == 0) {
        result = Result::NotFound;
        message = tr("No token is stored for this account.");
    }
    QMetaObject::invokeMethod(this, [this, account, result, message] {
        emit secretRemoved(account, result, message);
    }, Qt::QueuedConnection);
}

void MemorySecretStore::failWith(Result result, const QString &message)
{
    m_failure = Failure{result, message};
}

} // namespace Relaydesk::App
