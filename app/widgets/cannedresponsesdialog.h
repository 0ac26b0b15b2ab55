#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;

namespace Relaydesk::App {

class InboxSession;

// Where the team's canned responses are added, edited and deleted: the list on the
// left, the chosen one's shortcode, title and text on the right, with who changed
// it last. Changes go to the relay (queued while offline); what the app or the
// relay refuses is said below the form and nothing is kept.
class CannedResponsesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CannedResponsesDialog(InboxSession *session, QWidget *parent = nullptr);

    // Tests answer the "Delete?" question themselves.
    void setConfirmDeletes(bool confirm) { m_confirmDeletes = confirm; }
    QListView *list() const { return m_list; }
    QLineEdit *shortcodeField() const { return m_shortcode; }
    QLineEdit *titleField() const { return m_title; }
    QPlainTextEdit *textField() const { return m_text; }
    QLabel *errorLabel() const { return m_error; }

public slots:
    void startNew();
    void saveCurrent();
    void deleteCurrent();

private:
    void showRow(int row);
    void reselect();

    InboxSession *m_session;
    QListView *m_list;
    QLineEdit *m_shortcode;
    QLineEdit *m_title;
    QPlainTextEdit *m_text;
    QLabel *m_info;
    QLabel *m_error;
    QPushButton *m_delete;
    qint64 m_editing = 0; // 0: a new one
    bool m_confirmDeletes = true;
};

} // namespace Relaydesk::App
