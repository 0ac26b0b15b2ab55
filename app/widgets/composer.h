#pragma once

#include "replywindow.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Relaydesk::App {

// Where the agent writes: Enter sends and Shift+Enter starts a new line (or, as a
// setting, Ctrl+Enter sends and Enter starts a new line); the count of characters
// left; the state of Meta's reply window; attach a file.
class Composer : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxLength = 2000; // the Send API's limit for text

    explicit Composer(QWidget *parent = nullptr);

    void setSendWithCtrlEnter(bool ctrlEnter);
    // The customer's last message time decides what a reply can be (common/replywindow.h).
    void setReplyWindow(qint64 lastCustomerMessageAtMs, qint64 nowMs);
    ReplyWindow::State replyWindow() const { return m_window; }
    QString text() const;
    void clear();
    QPlainTextEdit *editor() const { return m_edit; }

signals:
    void sendRequested(const QString &text);
    void attachRequested();
    void typingActivity(); // the agent changed the text

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void trySend();
    void updateState();

    QPlainTextEdit *m_edit;
    QToolButton *m_attach;
    QPushButton *m_send;
    QLabel *m_counter;
    QLabel *m_windowLabel;
    bool m_ctrlEnter = false;
    ReplyWindow::State m_window = ReplyWindow::State::Standard;
};

} // namespace Relaydesk::App
