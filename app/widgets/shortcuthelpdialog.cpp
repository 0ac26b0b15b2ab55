#include "shortcuthelpdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Relaydesk::App {

ShortcutHelpDialog::ShortcutHelpDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(0, 2, this))
{
    setObjectName(QStringLiteral("shortcutHelpDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutTable"));
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    const QList<QAction *> top = menus->actions();
    for (const QAction *menuAction : top) {
        const QMenu *menu = menuAction->menu();
        if (!menu)
            continue;
        const QString menuName = menu->title().remove(QLatin1Char('&'));
        const QList<QAction *> actions = menu->actions();
        for (const QAction *a : actions)
            if (!a->shortcut().isEmpty())
                addRow(a->shortcut().toString(QKeySequence::NativeText),
                       tr("%1: %2").arg(menuName, a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"))));
    }
    addRow(tr("Enter"), tr("Composer: send (Shift+Enter: new line; or Ctrl+Enter, as set in the settings)"));
    addRow(tr("/"), tr("Composer: canned responses; type to filter"));
    addRow(tr("Up, Down"), tr("Canned responses pop-up: choose"));
    addRow(tr("Enter, Tab"), tr("Canned responses pop-up: insert for editing (not sent)"));
    addRow(tr("Esc"), tr("Canned responses pop-up: close"));
    m_table->resizeColumnToContents(0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(560, 460);
}

void ShortcutHelpDialog::addRow(const QString &keys, const QString &what)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(keys));
    m_table->setItem(row, 1, new QTableWidgetItem(what));
}

} // namespace Relaydesk::App
