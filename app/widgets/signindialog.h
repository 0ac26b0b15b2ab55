#pragma once

#include "agentinfo.h"
#include "appsettings.h"
#include "pageinfo.h"
#include "secretstore.h"
#include "signinchecker.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QStackedWidget;

namespace Relaydesk::App {

// First run and after sign-out: asks for the relay's address and the agent's
// token, checks them against the relay (SignInChecker) and stores the token in
// the system keychain. Without a keychain it says so and lets the user choose:
// keep the token for this session only (the default), or store it in a file
// only they can read. Accepted once the token is where the user chose.
//
// On acceptance the settings (if given) hold relayUrl, accountKey and
// tokenStorage; the token itself is only in the chosen store and in token().
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    // keychain: where the token goes first (KeychainSecretStore in the app, a
    // MemorySecretStore in tests); settings may be null. Neither is owned.
    SignInDialog(SecretStore *keychain, AppSettings *settings, QWidget *parent = nullptr);
    ~SignInDialog() override;

    // The store used when the user opts in to a file; default: a FileSecretStore
    // in the app's data folder, owned by the dialog. Not owned when set.
    void setFileStore(SecretStore *store);
    SignInChecker *checker() { return m_checker; }   // timeout, TLS configuration

    // After accepted():
    QUrl relayUrl() const { return m_relayUrl; }
    QByteArray token() const { return m_token; }
    QString accountKey() const { return m_accountKey; }
    AppSettings::TokenStorage tokenStorage() const { return m_storage; }
    AgentInfo agent() const { return m_agent; }
    QList<PageInfo> pages() const { return m_relayPages; }

    // The account key a token for this relay is stored under.
    static QString accountKeyFor(const QUrl &relayUrl) { return relayUrl.toString(); }

    void reject() override;   // also abandons a running check

signals:
    void signedIn();   // just before accept(): everything above is set

private:
    enum class Waiting { Nothing, Check, Keychain, File };

    void signIn();
    void onChecked(SignInChecker::Result result);
    void onKeychainWritten(const QString &account, SecretStore::Result result, const QString &message);
    void onFileWritten(const QString &account, SecretStore::Result result, const QString &message);
    void offerFallback(SecretStore::Result result, const QString &message);
    void continueWithFallback();
    void finishSignIn(AppSettings::TokenStorage storage);
    void setBusy(bool busy, const QString &status = QString());
    void showError(const QString &message);

    SecretStore *m_keychain;
    QPointer<AppSettings> m_settings;
    QPointer<SecretStore> m_fileStore;
    SignInChecker *m_checker;
    Waiting m_waiting = Waiting::Nothing;

    QStackedWidget *m_stack;
    QLineEdit *m_urlEdit;
    QLineEdit *m_tokenEdit;
    QLabel *m_errorLabel;
    QLabel *m_statusLabel;
    QProgressBar *m_busyBar;
    QPushButton *m_signInButton;
    QLabel *m_fallbackLabel;
    QRadioButton *m_sessionOnlyRadio;
    QRadioButton *m_fileRadio;
    QLabel *m_fallbackErrorLabel;
    QPushButton *m_continueButton;

    QUrl m_relayUrl;
    QByteArray m_token;
    QString m_accountKey;
    AppSettings::TokenStorage m_storage = AppSettings::TokenStorage::Keychain;
    AgentInfo m_agent;
    QList<PageInfo> m_relayPages;
};

} // namespace Relaydesk::App
