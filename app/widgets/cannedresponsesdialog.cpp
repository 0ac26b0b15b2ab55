#include "cannedresponsesdialog.h"

#include "cannedplaceholders.h"
#include "cannedresponsemodel.h"
#include "cannedresponsesync.h"
#include "displaytime.h"
#include "inboxsession.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace Relaydesk::App {

CannedResponsesDialog::CannedResponsesDialog(InboxSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_list(new QListView(this))
    , m_shortcode(new QLineEdit(this))
    , m_title(new QLineEdit(this))
    , m_text(new QPlainTextEdit(this))
    , m_info(new QLabel(this))
    , m_error(new QLabel(this))
    , m_delete(new QPushButton(tr("&Delete"), this))
{
    setObjectName(QStringLiteral("cannedResponsesDialog"));
    setWindowTitle(tr("Canned responses"));
    m_list->setObjectName(QStringLiteral("cannedList"));
    m_list->setModel(session->cannedResponseModel());
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMinimumWidth(220);
    m_shortcode->setObjectName(QStringLiteral("cannedShortcode"));
    m_shortcode->setPlaceholderText(tr("thanks"));
    m_shortcode->setMaxLength(CannedResponse::MaxShortcodeLength + 1); // room for a typed "/"
    m_title->setObjectName(QStringLiteral("cannedTitle"));
    m_title->setMaxLength(CannedResponse::MaxTitleLength);
    m_text->setObjectName(QStringLiteral("cannedText"));
    m_text->setTabChangesFocus(true);
    m_info->setObjectName(QStringLiteral("cannedInfo"));
    m_info->setForegroundRole(QPalette::PlaceholderText);
    m_info->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("cannedError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("color: #d93f3f"));
    m_delete->setObjectName(QStringLiteral("cannedDelete"));
    QStringList names;
    for (const QString &name : CannedPlaceholders::names())
        names.append(QStringLiteral("{{%1}}").arg(name));
    auto *placeholders = new QLabel(tr("Placeholders, filled when inserted: %1").arg(names.join(QStringLiteral(", "))), this);
    placeholders->setWordWrap(true);
    placeholders->setTextFormat(Qt::PlainText);
    placeholders->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Shortcode:"), m_shortcode);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("Te&xt:"), m_text);
    auto *newButton = new QPushButton(tr("&New"), this);
    auto *save = new QPushButton(tr("&Save"), this);
    save->setObjectName(QStringLiteral("cannedSave"));
    save->setDefault(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(newButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_delete, QDialogButtonBox::ActionRole);
    buttons->addButton(save, QDialogButtonBox::ApplyRole);
    auto *right = new QVBoxLayout;
    right->addLayout(form, 1);
    right->addWidget(placeholders);
    right->addWidget(m_info);
    right->addWidget(m_error);
    auto *columns = new QHBoxLayout;
    columns->addWidget(m_list);
    columns->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);
    resize(760, 440);

    connect(newButton, &QPushButton::clicked, this, &CannedResponsesDialog::startNew);
    connect(save, &QPushButton::clicked, this, &CannedResponsesDialog::saveCurrent);
    connect(m_delete, &QPushButton::clicked, this, &CannedResponsesDialog::deleteCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showRow(current.row()); });
    // A change from the relay (a colleague's, or ours acknowledged) resets the list.
    connect(session->cannedResponseModel(), &QAbstractItemModel::modelReset, this, &CannedResponsesDialog::reselect);
    // Keyboard first: Ctrl+N new, Ctrl+S save (Enter in a field saves too: the default button).
    auto *newShortcut = new QShortcut(QKeySequence::New, this);
    connect(newShortcut, &QShortcut::activated, this, &CannedResponsesDialog::startNew);
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this);
    connect(saveShortcut, &QShortcut::activated, this, &CannedResponsesDialog::saveCurrent);
    auto *deleteShortcut = new QShortcut(QKeySequence::Delete, m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteShortcut, &QShortcut::activated, this, &CannedResponsesDialog::deleteCurrent);

    if (session->cannedResponseModel()->rowCount() > 0)
        m_list->setCurrentIndex(session->cannedResponseModel()->index(0));
    else
        startNew();
}

void CannedResponsesDialog::startNew()
{
    m_list->clearSelection();
    m_list->setCurrentIndex({});
    m_editing = 0;
    m_shortcode->clear();
    m_title->clear();
    m_text->clear();
    m_info->setText(tr("A new canned response for the whole team."));
    m_error->clear();
    m_delete->setEnabled(false);
    m_shortcode->setFocus(Qt::OtherFocusReason);
}

void CannedResponsesDialog::showRow(int row)
{
    const CannedResponseModel *model = m_session->cannedResponseModel();
    if (row < 0 || row >= model->rowCount())
        return;
    const CannedResponse &r = model->responseAt(row);
    m_editing = r.id;
    m_shortcode->setText(r.shortcode);
    m_title->setText(r.title);
    m_text->setPlainText(r.text);
    m_error->clear();
    m_delete->setEnabled(true);
    if (model->index(row).data(CannedResponseModel::PendingRole).toBool()) {
        m_info->setText(tr("Changed here, waiting to be sent to the relay."));
    } else {
        const QString who = m_session->directory().agentName(r.updatedBy);
        m_info->setText(tr("Last changed by %1, %2.")
                            .arg(who.isEmpty() ? tr("a former agent") : who, DisplayTime::relative(r.updatedAt, QDateTime::currentMSecsSinceEpoch())));
    }
}

void CannedResponsesDialog::reselect()
{
    // The same one again if it still exists (a new one has its relay id now: by shortcode).
    const CannedResponseModel *model = m_session->cannedResponseModel();
    int row = m_editing ? model->rowOf(m_editing) : -1;
    if (row < 0 && !m_shortcode->text().isEmpty())
        for (int i = 0; i < model->rowCount(); ++i)
            if (model->responseAt(i).shortcode == CannedResponse::normalizedShortcode(m_shortcode->text()))
                row = i;
    if (row < 0) {
        if (m_editing != 0)
            startNew(); // deleted, here or by a colleague
        return;
    }
    const QString error = m_error->text();
    m_list->setCurrentIndex(model->index(row));
    showRow(row);
    m_error->setText(error);
}

void CannedResponsesDialog::saveCurrent()
{
    const QString error = m_session->cannedResponses()->save(m_editing, m_shortcode->text(), m_title->text(),
                                                             m_text->toPlainText());
    m_error->setText(error);
    if (error.isEmpty())
        reselect();
}

void CannedResponsesDialog::deleteCurrent()
{
    if (m_editing == 0)
        return;
    if (m_confirmDeletes
        && QMessageBox::question(this, tr("Delete canned response"),
                                 tr("Delete /%1 for the whole team?").arg(m_shortcode->text()))
               != QMessageBox::Yes)
        return;
    const QString error = m_session->cannedResponses()->remove(m_editing);
    m_error->setText(error);
    if (error.isEmpty())
        startNew();
}

} // namespace Relaydesk::App
