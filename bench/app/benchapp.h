#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

class QSettings;
class QWidget;

namespace Relaydesk::App {
class AppController;
class AppSettings;
class InboxSession;
class MainWindow;
class MemorySecretStore;
} // namespace Relaydesk::App

namespace Relaydesk::Bench {

// The real app as main.cpp starts it (AppController::startWith, as `relaydesk
// --relay URL --token-file F` does), in a throwaway profile: settings, data and
// image cache under a temporary folder next to the cache file, never the user's.
// The cache under test is put where AppController looks for that relay and token.
//
// Order: prepare() before the QApplication exists (it sets XDG_* and the offscreen
// platform), then QApplication, then installCache() and start().
class BenchApp
{
public:
    enum class CacheMode {
        Link, // a hard link: what the app writes lands in the original file (--prepare, read-only runs)
        Copy, // a copy: the original stays as it was (runs that apply events)
    };

    static std::unique_ptr<BenchApp> prepare(const QString &cachePath, QString *error);
    // prepare() for a subcommand's command line: its --cache FILE is read from argv,
    // because this runs before the QApplication (and its parser) exists. Without
    // --cache, null with "--cache FILE is required".
    static std::unique_ptr<BenchApp> prepareFromArguments(int argc, char **argv, QString *cachePath, QString *error);
    ~BenchApp();

    // Application and organization names as main.cpp sets them (they pick the data folder).
    static void nameApplication();

    bool installCache(const QUrl &relay, const QByteArray &token, CacheMode mode, QString *error);
    // Drops the installed file from the page cache (the first open after a reboot).
    bool evictCacheFromMemory(QString *error) const;

    // Starts the app and runs the event loop until the conversation list has painted
    // rows. startedNs/paintedNs: monotonicNs() when startWith() was called and when
    // that first paint with rows ended.
    // afterStartWith runs as soon as startWith() returns, before any event is processed:
    // the connection has just been opened (catch-up timing starts there).
    bool start(const QUrl &relay, const QByteArray &token, QString *error, int timeoutMs = 60'000,
               const std::function<void()> &afterStartWith = {});

    App::AppController *controller() const { return m_controller.get(); }
    App::MainWindow *window() const;
    App::InboxSession *session() const;
    QWidget *listViewport() const;
    QWidget *chatViewport() const;
    QString installedCachePath() const { return m_installed; }

    qint64 startedNs = 0;
    qint64 paintedNs = 0;
    qint64 firstPaintDurationNs = 0; // the paint event that showed the rows
    qint64 loadedNs = 0;             // every conversation of the cache in the list

    // Runs the event loop until the whole cache is in the conversation list.
    bool waitUntilLoaded(int timeoutMs = 60'000);

    // Stops the app (the session closes the cache, which checkpoints its WAL).
    void stop();

    // Runs the event loop for ms milliseconds.
    static void spin(int ms);
    // Runs the event loop until done() or timeout; returns done().
    template<typename F>
    static bool spinUntil(F done, int timeoutMs);

    // Declared right after the QApplication: stops the app before the QApplication
    // goes (widgets must not outlive it), on every return path.
    struct StopBeforeQuit
    {
        BenchApp *app;
        ~StopBeforeQuit()
        {
            if (app)
                app->stop();
        }
    };

private:
    BenchApp() = default;
    static bool spinUntilImpl(const std::function<bool()> &done, int timeoutMs);

    QString m_source;
    QString m_installed;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<App::AppSettings> m_settings;
    std::unique_ptr<App::MemorySecretStore> m_keychain;
    std::unique_ptr<App::AppController> m_controller;
};

template<typename F>
bool BenchApp::spinUntil(F done, int timeoutMs)
{
    return spinUntilImpl(std::function<bool()>(done), timeoutMs);
}

} // namespace Relaydesk::Bench
