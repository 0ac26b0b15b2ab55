#pragma once

#include "cannedplaceholders.h"
#include "replywindow.h"

#include <QWidget>

#include <functional>

class QAbstractItemModel;
class QKeyEvent;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Relaydesk::App {

class CannedResponsePopup;

// Where the agent writes: Enter sends and Shift+Enter starts a new line (or, as a
// setting, Ctrl+Enter sends and Enter starts a new line); the count of characters
// left; the state of Meta's reply window; attach a file. "/" at the start of a word
// opens the team's canned responses filtered by what follows; Enter or Tab puts the
// chosen one in place of "/word" with its placeholders filled, to edit before sending.
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
    // Note mode: what is written is a private note for the team (noteRequested), never
    // a reply; the reply window does not apply. Stays on until switched off.
    void setNoteMode(bool on);
    bool isNoteMode() const { return m_noteMode; }

    // The canned responses (CannedResponseModel) and what their placeholders become now.
    void setCannedResponses(QAbstractItemModel *model);
    void setPlaceholderValues(std::function<Relaydesk::CannedPlaceholders::Values()> provider);
    CannedResponsePopup *cannedPopup() const { return m_popup; }

signals:
    void sendRequested(const QString &text);
    void noteRequested(const QString &text);
    void attachRequested();
    void typingActivity(); // the agent changed the text

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void trySend();
    void updateState();
    // Shows, filters or hides the pop-up for the "/word" before the cursor.
    void updatePopup();
    void hidePopup();
    void insertCanned();
    // Where the "/word" before the cursor starts, or -1.
    int slashPosition(QString *query) const;
    bool handlePopupKey(const QKeyEvent *key);

    QPlainTextEdit *m_edit;
    QToolButton *m_attach;
    QToolButton *m_noteToggle;
    QPushButton *m_send;
    QLabel *m_counter;
    QLabel *m_windowLabel;
    CannedResponsePopup *m_popup;
    std::function<Relaydesk::CannedPlaceholders::Values()> m_placeholderValues;
    int m_dismissedAt = -1; // Esc closed the pop-up for the "/word" starting here
    bool m_ctrlEnter = false;
    bool m_noteMode = false;
    ReplyWindow::State m_window = ReplyWindow::State::Standard;
};

} // namespace Relaydesk::App
