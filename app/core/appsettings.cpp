#include "appsettings.h"

#include <QMetaEnum>
#include <QSettings>

namespace Relaydesk::App {

namespace {

// Every key, in one place. Groups make the INI file readable.
namespace Key {
constexpr QLatin1StringView RelayUrl{"connection/relayUrl"};
constexpr QLatin1StringView AccountKey{"connection/accountKey"};
constexpr QLatin1StringView TokenStorage{"connection/tokenStorage"};
constexpr QLatin1StringView NotificationsEnabled{"notifications/enabled"};
constexpr QLatin1StringView DoNotDisturb{"notifications/doNotDisturb"};
constexpr QLatin1StringView MutedConversations{"notifications/mutedConversations"};
constexpr QLatin1StringView CloseToTray{"window/closeToTray"};
constexpr QLatin1StringView StartMinimized{"window/startMinimized"};
constexpr QLatin1StringView SendWithCtrlEnter{"compose/sendWithCtrlEnter"};
constexpr QLatin1StringView Theme{"appearance/theme"};
constexpr QLatin1StringView WindowGeometry{"window/geometry"};
constexpr QLatin1StringView WindowState{"window/state"};
constexpr QLatin1StringView SplitterState{"window/splitterState"};
}

// Enums are stored by name ("keychain", "dark"), so the file survives reordering
// and an unknown or hand-edited value falls back to the default.
template<typename E>
QString enumName(E value)
{
    return QString::fromLatin1(QMetaEnum::fromType<E>().valueToKey(static_cast<int>(value))).toLower();
}

template<typename E>
E enumFromName(const QString &name, E fallback)
{
    const QMetaEnum meta = QMetaEnum::fromType<E>();
    for (int i = 0; i < meta.keyCount(); ++i)
        if (name.compare(QLatin1String(meta.key(i)), Qt::CaseInsensitive) == 0)
            return static_cast<E>(meta.value(i));
    return fallback;
}

} // namespace

AppSettings::AppSettings(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    Q_ASSERT(settings);
}

QVariant AppSettings::value(QLatin1StringView key, const QVariant &fallback) const
{
    return m_settings->value(QString(key), fallback);
}

void AppSettings::setValue(QLatin1StringView key, const QVariant &value)
{
    const QString k(key);
    // Compared as the caller's type: an INI file hands back "true" for true.
    QVariant current = m_settings->value(k);
    if (current.isValid() && current.convert(value.metaType()) && current == value)
        return;
    m_settings->setValue(k, value);
    emit changed(k);
}

QUrl AppSettings::relayUrl() const { return QUrl(value(Key::RelayUrl, QString()).toString()); }
void AppSettings::setRelayUrl(const QUrl &url) { setValue(Key::RelayUrl, url.toString()); }

QString AppSettings::accountKey() const { return value(Key::AccountKey, QString()).toString(); }
void AppSettings::setAccountKey(const QString &key) { setValue(Key::AccountKey, key); }

AppSettings::TokenStorage AppSettings::tokenStorage() const
{
    return enumFromName(value(Key::TokenStorage, QString()).toString(), TokenStorage::Keychain);
}
void AppSettings::setTokenStorage(TokenStorage storage) { setValue(Key::TokenStorage, enumName(storage)); }

void AppSettings::clearAccount()
{
    for (const QLatin1StringView key : {Key::AccountKey, Key::TokenStorage}) {
        if (m_settings->contains(QString(key))) {
            m_settings->remove(QString(key));
            emit changed(QString(key));
        }
    }
}

bool AppSettings::notificationsEnabled() const { return value(Key::NotificationsEnabled, true).toBool(); }
void AppSettings::setNotificationsEnabled(bool enabled) { setValue(Key::NotificationsEnabled, enabled); }

bool AppSettings::doNotDisturb() const { return value(Key::DoNotDisturb, false).toBool(); }
void AppSettings::setDoNotDisturb(bool enabled) { setValue(Key::DoNotDisturb, enabled); }

QSet<qint64> AppSettings::mutedConversations() const
{
    // A list of numbers as strings: INI files keep them readable and exact.
    QSet<qint64> ids;
    const QStringList stored = value(Key::MutedConversations, QStringList()).toStringList();
    for (const QString &s : stored) {
        bool ok = false;
        const qint64 id = s.toLongLong(&ok);
        if (ok)
            ids.insert(id);
    }
    return ids;
}

void AppSettings::setMutedConversations(const QSet<qint64> &ids)
{
    QList<qint64> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    QStringList list;
    for (qint64 id : std::as_const(sorted))
        list.append(QString::number(id));
    setValue(Key::MutedConversations, list);
}

bool AppSettings::isConversationMuted(qint64 id) const { return mutedConversations().contains(id); }

void AppSettings::setConversationMuted(qint64 id, bool muted)
{
    QSet<qint64> ids = mutedConversations();
    if (muted)
        ids.insert(id);
    else
        ids.remove(id);
    setMutedConversations(ids);
}

bool AppSettings::closeToTray() const { return value(Key::CloseToTray, true).toBool(); }
void AppSettings::setCloseToTray(bool enabled) { setValue(Key::CloseToTray, enabled); }

bool AppSettings::startMinimized() const { return value(Key::StartMinimized, false).toBool(); }
void AppSettings::setStartMinimized(bool enabled) { setValue(Key::StartMinimized, enabled); }

bool AppSettings::sendWithCtrlEnter() const { return value(Key::SendWithCtrlEnter, false).toBool(); }
void AppSettings::setSendWithCtrlEnter(bool enabled) { setValue(Key::SendWithCtrlEnter, enabled); }

AppSettings::Theme AppSettings::theme() const
{
    return enumFromName(value(Key::Theme, QString()).toString(), Theme::System);
}
void AppSettings::setTheme(Theme theme) { setValue(Key::Theme, enumName(theme)); }

QByteArray AppSettings::windowGeometry() const { return value(Key::WindowGeometry, QByteArray()).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray &geometry) { setValue(Key::WindowGeometry, geometry); }

QByteArray AppSettings::windowState() const { return value(Key::WindowState, QByteArray()).toByteArray(); }
void AppSettings::setWindowState(const QByteArray &state) { setValue(Key::WindowState, state); }

QByteArray AppSettings::splitterState() const { return value(Key::SplitterState, QByteArray()).toByteArray(); }
void AppSettings::setSplitterState(const QByteArray &state) { setValue(Key::SplitterState, state); }

void AppSettings::sync() { m_settings->sync(); }

} // namespace Relaydesk::App
