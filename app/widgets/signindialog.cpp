#include "signindialog.h"

#include "filesecretstore.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Relaydesk::App {

SignInDialog::SignInDialog(SecretStore *keychain, AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_keychain(keychain)
    , m_settings(settings)
    , m_checker(new SignInChecker(this))
    , m_stack(new QStackedWidget(this))
{
    Q_ASSERT(keychain);
    setWindowTitle(tr("Sign in to Relaydesk"));

    // Page 1: address and token.
    auto *form = new QWidget;
    auto *intro = new QLabel(tr("Enter the address of your team's relay and your agent token. "
                                "An administrator creates tokens with “relaydesk-relay agent add”."));
    intro->setWordWrap(true);
    m_urlEdit = new QLineEdit;
    m_urlEdit->setObjectName(QStringLiteral("relayUrlEdit"));
    m_urlEdit->setPlaceholderText(tr("relay.example.com or https://relay.example.com:8443"));
    m_tokenEdit = new QLineEdit;
    m_tokenEdit->setObjectName(QStringLiteral("tokenEdit"));
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setPlaceholderText(tr("rdk_…"));
    m_errorLabel = new QLabel;
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setTextFormat(Qt::PlainText); // holds what a server or the system said
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_errorLabel->hide();
    m_statusLabel = new QLabel;
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setTextFormat(Qt::PlainText); // holds what a server or the system said
    m_busyBar = new QProgressBar;
    m_busyBar->setRange(0, 0);   // indeterminate
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_signInButton = buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_signInButton->setObjectName(QStringLiteral("signInButton"));
    m_signInButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);

    auto *fields = new QFormLayout;
    fields->addRow(tr("&Relay address:"), m_urlEdit);
    fields->addRow(tr("Agent &token:"), m_tokenEdit);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->addWidget(intro);
    formLayout->addLayout(fields);
    formLayout->addWidget(m_errorLabel);
    formLayout->addWidget(m_statusLabel);
    formLayout->addWidget(m_busyBar);
    formLayout->addStretch();
    formLayout->addWidget(buttons);

    // Page 2: no keychain, so the user decides where the token goes.
    auto *fallback = new QWidget;
    m_fallbackLabel = new QLabel;
    m_fallbackLabel->setObjectName(QStringLiteral("fallbackLabel"));
    m_fallbackLabel->setTextFormat(Qt::PlainText); // holds what a server or the system said
    m_fallbackLabel->setWordWrap(true);
    m_sessionOnlyRadio = new QRadioButton(tr("Keep it for this session only (you sign in again next time)"));
    m_sessionOnlyRadio->setObjectName(QStringLiteral("sessionOnlyRadio"));
    m_sessionOnlyRadio->setChecked(true);
    m_fileRadio = new QRadioButton(tr("Store it in a file only I can read"));
    m_fileRadio->setObjectName(QStringLiteral("fileRadio"));
    auto *fileNote = new QLabel(tr("The file is not encrypted: anyone with access to your user account or "
                                   "its backups can read the token."));
    fileNote->setWordWrap(true);
    fileNote->setIndent(24);
    m_fallbackErrorLabel = new QLabel;
    m_fallbackErrorLabel->setObjectName(QStringLiteral("fallbackErrorLabel"));
    m_fallbackErrorLabel->setTextFormat(Qt::PlainText); // holds what a server or the system said
    m_fallbackErrorLabel->setWordWrap(true);
    m_fallbackErrorLabel->hide();
    auto *fallbackButtons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_continueButton = fallbackButtons->addButton(tr("Continue"), QDialogButtonBox::AcceptRole);
    m_continueButton->setObjectName(QStringLiteral("continueButton"));
    connect(fallbackButtons, &QDialogButtonBox::accepted, this, &SignInDialog::continueWithFallback);
    connect(fallbackButtons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    auto *fallbackLayout = new QVBoxLayout(fallback);
    fallbackLayout->addWidget(m_fallbackLabel);
    fallbackLayout->addWidget(m_sessionOnlyRadio);
    fallbackLayout->addWidget(m_fileRadio);
    fallbackLayout->addWidget(fileNote);
    fallbackLayout->addWidget(m_fallbackErrorLabel);
    fallbackLayout->addStretch();
    fallbackLayout->addWidget(fallbackButtons);

    m_stack->addWidget(form);
    m_stack->addWidget(fallback);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_checker, &SignInChecker::finished, this, &SignInDialog::onChecked);
    connect(m_keychain, &SecretStore::secretWritten, this, &SignInDialog::onKeychainWritten);

    if (m_settings && !m_settings->relayUrl().isEmpty())
        m_urlEdit->setText(m_settings->relayUrl().toDisplayString());
    (m_urlEdit->text().isEmpty() ? m_urlEdit : m_tokenEdit)->setFocus();
    resize(480, sizeHint().height());
}

SignInDialog::~SignInDialog() = default;

void SignInDialog::setFileStore(SecretStore *store)
{
    if (m_fileStore && m_fileStore->parent() == this)
        delete m_fileStore;
    m_fileStore = store;
    connect(store, &SecretStore::secretWritten, this, &SignInDialog::onFileWritten);
}

void SignInDialog::signIn()
{
    if (m_waiting != Waiting::Nothing)
        return;
    m_errorLabel->hide();
    m_waiting = Waiting::Check;
    setBusy(true, tr("Connecting to the relay…"));
    m_checker->check(m_urlEdit->text(), m_tokenEdit->text().trimmed().toUtf8());
}

void SignInDialog::onChecked(SignInChecker::Result result)
{
    if (m_waiting != Waiting::Check)
        return;
    if (result != SignInChecker::Result::Ok) {
        m_waiting = Waiting::Nothing;
        setBusy(false);
        showError(m_checker->errorMessage());
        QLineEdit *culprit = result == SignInChecker::Result::BadToken ? m_tokenEdit : m_urlEdit;
        culprit->setFocus();
        culprit->selectAll();
        return;
    }
    m_relayUrl = m_checker->relayUrl();
    m_token = m_tokenEdit->text().trimmed().toUtf8();
    m_accountKey = accountKeyFor(m_relayUrl);
    m_agent = m_checker->agent();
    m_relayPages = m_checker->pages();
    m_waiting = Waiting::Keychain;
    setBusy(true, tr("Storing the token in the system keychain…"));
    m_keychain->write(m_accountKey, m_token);
}

void SignInDialog::onKeychainWritten(const QString &account, SecretStore::Result result, const QString &message)
{
    if (m_waiting != Waiting::Keychain || account != m_accountKey)
        return;
    m_waiting = Waiting::Nothing;
    if (result == SecretStore::Result::Ok)
        finishSignIn(AppSettings::TokenStorage::Keychain);
    else
        offerFallback(result, message);
}

void SignInDialog::offerFallback(SecretStore::Result result, const QString &message)
{
    setBusy(false);
    const QString who = m_agent.name.isEmpty() ? QString() : tr(" as %1").arg(m_agent.name);
    if (result == SecretStore::Result::NoService) {
        m_fallbackLabel->setText(tr("You are signed in%1, but no system keychain is available to keep your "
                                    "token safely (%2).\n\nWhere should Relaydesk keep it?").arg(who, message));
    } else {
        m_fallbackLabel->setText(tr("You are signed in%1, but the system keychain did not store your token: "
                                    "%2\n\nWhere should Relaydesk keep it?").arg(who, message));
    }
    m_sessionOnlyRadio->setChecked(true);
    m_fallbackErrorLabel->hide();
    m_stack->setCurrentIndex(1);
    m_continueButton->setFocus();
}

void SignInDialog::continueWithFallback()
{
    if (m_waiting != Waiting::Nothing)
        return;
    if (m_sessionOnlyRadio->isChecked()) {
        finishSignIn(AppSettings::TokenStorage::Session);
        return;
    }
    if (!m_fileStore)
        setFileStore(new FileSecretStore(FileSecretStore::defaultDirectory(), this));
    m_fallbackErrorLabel->hide();
    m_continueButton->setEnabled(false);
    m_waiting = Waiting::File;
    m_fileStore->write(m_accountKey, m_token);
}

void SignInDialog::onFileWritten(const QString &account, SecretStore::Result result, const QString &message)
{
    if (m_waiting != Waiting::File || account != m_accountKey)
        return;
    m_waiting = Waiting::Nothing;
    m_continueButton->setEnabled(true);
    if (result == SecretStore::Result::Ok) {
        finishSignIn(AppSettings::TokenStorage::File);
        return;
    }
    m_fallbackErrorLabel->setText(tr("The token could not be stored in a file: %1").arg(message));
    m_fallbackErrorLabel->show();
}

void SignInDialog::finishSignIn(AppSettings::TokenStorage storage)
{
    m_storage = storage;
    if (m_settings) {
        m_settings->setRelayUrl(m_relayUrl);
        m_settings->setAccountKey(m_accountKey);
        m_settings->setTokenStorage(storage);
    }
    emit signedIn();
    accept();
}

void SignInDialog::reject()
{
    m_checker->cancel();
    m_waiting = Waiting::Nothing;
    QDialog::reject();
}

void SignInDialog::setBusy(bool busy, const QString &status)
{
    m_urlEdit->setEnabled(!busy);
    m_tokenEdit->setEnabled(!busy);
    m_signInButton->setEnabled(!busy);
    m_busyBar->setVisible(busy);
    m_statusLabel->setText(status);
    m_statusLabel->setVisible(busy);
}

void SignInDialog::showError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->show();
}

} // namespace Relaydesk::App
