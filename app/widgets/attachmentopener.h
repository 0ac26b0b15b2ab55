#pragma once

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QWidget;

namespace Relaydesk::App {

// Opens a customer's file that is on disk with the desktop's program for it, unless
// the file can run programs (AttachmentSafety): then it says so and offers only to
// show the file in its folder. Running it stays a deliberate act of the agent's, in
// their file manager, never one click in a chat.
class AttachmentOpener : public QObject
{
    Q_OBJECT
public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    // window: the parent of the question.
    explicit AttachmentOpener(QWidget *window, QObject *parent = nullptr);

    // QDesktopServices::openUrl by default; tests record instead.
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }

    void open(const QString &path);
    // The question on screen, if one is (it is window-modal, not blocking).
    QMessageBox *question() const { return m_question; }

signals:
    void openFailed(const QString &reason);

private:
    void ask(const QString &path);
    void openUrl(const QUrl &url);

    QWidget *m_window;
    UrlOpener m_openUrl;
    QPointer<QMessageBox> m_question;
};

} // namespace Relaydesk::App
