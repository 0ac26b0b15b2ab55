#pragma once

#include <QByteArray>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>
#include <QVariant>

class QSettings;

namespace Relaydesk::App {

// The app's preferences, typed, over a QSettings the caller owns (the default one
// in the app, an INI file in a temporary folder in tests). Every key and default
// is in appsettings.cpp and nowhere else. The token is never among them: it lives
// in a SecretStore.
class AppSettings : public QObject
{
    Q_OBJECT
public:
    // Where the token of accountKey() is kept between runs.
    enum class TokenStorage { Keychain, File, Session };
    Q_ENUM(TokenStorage)
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    explicit AppSettings(QSettings *settings, QObject *parent = nullptr);

    // Connection
    QUrl relayUrl() const;                 // normalised ws(s)://…/ws; empty before the first sign-in
    void setRelayUrl(const QUrl &url);
    QString accountKey() const;            // what the token is stored under
    void setAccountKey(const QString &key);
    TokenStorage tokenStorage() const;     // default Keychain
    void setTokenStorage(TokenStorage storage);
    void clearAccount();                   // sign out: forget account key and storage choice

    // Notifications
    bool notificationsEnabled() const;     // default true
    void setNotificationsEnabled(bool enabled);
    bool doNotDisturb() const;             // default false
    void setDoNotDisturb(bool enabled);
    QSet<qint64> mutedConversations() const;
    void setMutedConversations(const QSet<qint64> &ids);
    bool isConversationMuted(qint64 id) const;
    void setConversationMuted(qint64 id, bool muted);

    // Window and behaviour
    bool closeToTray() const;              // default true
    void setCloseToTray(bool enabled);
    bool startMinimized() const;           // default false
    void setStartMinimized(bool enabled);
    bool sendWithCtrlEnter() const;        // default false: Enter sends, Shift+Enter breaks the line
    void setSendWithCtrlEnter(bool enabled);
    Theme theme() const;                   // default System: follow the desktop
    void setTheme(Theme theme);

    // Opaque blobs from QMainWindow::saveGeometry()/saveState() and QSplitter::saveState().
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    void sync();                           // flush to disk now (tests, before quitting)

signals:
    // Emitted by setters when a value actually changed; key is the QSettings key.
    void changed(const QString &key);

private:
    QVariant value(QLatin1StringView key, const QVariant &fallback) const;
    void setValue(QLatin1StringView key, const QVariant &value);

    QSettings *m_settings;
};

} // namespace Relaydesk::App
