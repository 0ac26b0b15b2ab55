#pragma once

#include <QDialog>

class QMenuBar;
class QTableWidget;

namespace Relaydesk::App {

// Help > Keyboard shortcuts: every menu action that has a shortcut, read from the
// menus themselves (a new action with a shortcut is listed without touching this),
// and the keys of the composer and its canned responses pop-up, which are no menu
// actions.
class ShortcutHelpDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutHelpDialog(const QMenuBar *menus, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

private:
    void addRow(const QString &keys, const QString &what);

    QTableWidget *m_table;
};

} // namespace Relaydesk::App
