#include "composer.h"

#include "cannedresponsepopup.h"
#include "note.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace Relaydesk::App {

Composer::Composer(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QPlainTextEdit(this))
    , m_attach(new QToolButton(this))
    , m_noteToggle(new QToolButton(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_counter(new QLabel(this))
    , m_windowLabel(new QLabel(this))
    , m_popup(new CannedResponsePopup(this))
{
    setObjectName(QStringLiteral("composer"));
    m_edit->setObjectName(QStringLiteral("composerEdit"));
    m_edit->setPlaceholderText(tr("Write a reply…"));
    m_edit->setTabChangesFocus(true);
    const int lines = 3;
    m_edit->setFixedHeight(m_edit->fontMetrics().lineSpacing() * lines + 2 * int(m_edit->document()->documentMargin()) + 6);
    m_edit->installEventFilter(this);
    m_attach->setObjectName(QStringLiteral("attachButton"));
    m_attach->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_attach->setToolTip(tr("Attach a file"));
    m_attach->setAutoRaise(true);
    m_noteToggle->setObjectName(QStringLiteral("noteToggle"));
    m_noteToggle->setText(tr("Note"));
    m_noteToggle->setCheckable(true);
    m_noteToggle->setAutoRaise(true);
    m_noteToggle->setToolTip(tr("Write a private note for the team: never sent to the customer (Ctrl+Shift+N)"));
    connect(m_noteToggle, &QToolButton::toggled, this, &Composer::setNoteMode);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(false);
    m_counter->setObjectName(QStringLiteral("characterCounter"));
    m_windowLabel->setObjectName(QStringLiteral("replyWindowLabel"));
    m_windowLabel->setWordWrap(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.88);
    m_counter->setFont(small);
    m_windowLabel->setFont(small);

    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    row->addWidget(m_attach, 0, Qt::AlignBottom);
    row->addWidget(m_noteToggle, 0, Qt::AlignBottom);
    row->addWidget(m_edit, 1);
    row->addWidget(m_send, 0, Qt::AlignBottom);
    auto *info = new QHBoxLayout;
    info->addWidget(m_windowLabel, 1);
    info->addWidget(m_counter, 0, Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 10);
    layout->setSpacing(4);
    layout->addLayout(row);
    layout->addLayout(info);

    connect(m_send, &QPushButton::clicked, this, &Composer::trySend);
    connect(m_attach, &QToolButton::clicked, this, &Composer::attachRequested);
    connect(m_popup, &CannedResponsePopup::chosen, this, &Composer::insertCanned);
    connect(m_edit, &QPlainTextEdit::cursorPositionChanged, this, &Composer::updatePopup);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        updateState();
        updatePopup();
        if (!m_edit->document()->isEmpty())
            emit typingActivity();
    });
    updateState();
}

void Composer::setSendWithCtrlEnter(bool ctrlEnter)
{
    m_ctrlEnter = ctrlEnter;
    m_send->setToolTip(ctrlEnter ? tr("Send (Ctrl+Enter)") : tr("Send (Enter; Shift+Enter for a new line)"));
}

void Composer::setNoteMode(bool on)
{
    m_noteMode = on;
    if (m_noteToggle->isChecked() != on)
        m_noteToggle->setChecked(on);
    m_edit->setPlaceholderText(on ? tr("Write a private note for the team (@name mentions a colleague)…")
                                  : tr("Write a reply…"));
    // Its own colours, so a note is never taken for a reply (light text on dark themes too).
    m_edit->setStyleSheet(on ? QStringLiteral("QPlainTextEdit { background: #fff3cd; color: #3d3000; }") : QString());
    m_send->setText(on ? tr("Add note") : tr("Send"));
    updateState();
}

void Composer::setReplyWindow(qint64 lastCustomerMessageAtMs, qint64 nowMs)
{
    m_window = ReplyWindow::state(lastCustomerMessageAtMs, nowMs);
    const qint64 hours = (ReplyWindow::remainingMs(lastCustomerMessageAtMs, nowMs) + 3'599'999) / 3'600'000;
    switch (m_window) {
    case ReplyWindow::State::Standard:
        m_windowLabel->setText(tr("Messenger reply window: %n hour(s) left", nullptr, int(hours)));
        break;
    case ReplyWindow::State::HumanAgent:
        m_windowLabel->setText(tr("Over 24 hours since the customer wrote: replies go with the human agent tag (%n hour(s) left)",
                                  nullptr, int(hours)));
        break;
    case ReplyWindow::State::Closed:
        m_windowLabel->setText(tr("Reply window closed: Messenger accepts no reply until the customer writes again"));
        break;
    }
    updateState();
}

QString Composer::text() const
{
    return m_edit->toPlainText();
}

void Composer::clear()
{
    m_edit->clear();
}

void Composer::updateState()
{
    const int length = int(m_edit->toPlainText().size());
    const int left = (m_noteMode ? Note::MaxTextLength : MaxLength) - length;
    m_counter->setText(left < 200 ? tr("%1 characters left").arg(left) : QString());
    m_counter->setStyleSheet(left < 0 ? QStringLiteral("color: #d93f3f; font-weight: bold") : QString());
    const bool open = m_window != ReplyWindow::State::Closed;
    m_windowLabel->setStyleSheet(open || m_noteMode ? QString() : QStringLiteral("color: #d93f3f"));
    m_send->setEnabled((open || m_noteMode) && left >= 0 && !m_edit->toPlainText().trimmed().isEmpty());
    m_attach->setEnabled(open && !m_noteMode);
}

void Composer::trySend()
{
    if (!m_send->isEnabled())
        return;
    const QString text = m_edit->toPlainText().trimmed();
    if (m_noteMode)
        emit noteRequested(text);
    else
        emit sendRequested(text);
}

void Composer::setCannedResponses(QAbstractItemModel *model)
{
    m_popup->setResponses(model);
}

void Composer::setPlaceholderValues(std::function<CannedPlaceholders::Values()> provider)
{
    m_placeholderValues = std::move(provider);
}

int Composer::slashPosition(QString *query) const
{
    const QTextCursor cursor = m_edit->textCursor();
    if (cursor.hasSelection())
        return -1;
    const QString before = cursor.block().text().left(cursor.positionInBlock());
    const qsizetype slash = before.lastIndexOf(QLatin1Char('/'));
    if (slash < 0 || (slash > 0 && !before.at(slash - 1).isSpace()))
        return -1;
    const QString word = before.mid(slash + 1);
    for (const QChar c : word)
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')))
            return -1;
    *query = word;
    return cursor.block().position() + int(slash);
}

void Composer::updatePopup()
{
    QString query;
    const int at = slashPosition(&query);
    if (at != m_dismissedAt)
        m_dismissedAt = -1;
    if (at < 0 || at == m_dismissedAt || !m_popup->filter(query)) {
        hidePopup();
        return;
    }
    // Above the editor, over the chat: a child of the window, so it is not clipped.
    QWidget *host = window();
    if (m_popup->parentWidget() != host) {
        m_popup->setParent(host);
        m_popup->setFocusPolicy(Qt::NoFocus);
    }
    const int rows = qMin(m_popup->model()->rowCount(), 7);
    const int height = rows * qMax(m_popup->sizeHintForRow(0), fontMetrics().height()) + 2 * m_popup->frameWidth();
    const QPoint topLeft = m_edit->mapTo(host, QPoint(0, 0));
    m_popup->setGeometry(topLeft.x(), qMax(0, topLeft.y() - height - 2), m_edit->width(), height);
    m_popup->show();
    m_popup->raise();
}

void Composer::hidePopup()
{
    m_popup->hide();
}

void Composer::insertCanned()
{
    QString query;
    const int at = slashPosition(&query);
    const QString text = m_popup->currentText();
    hidePopup();
    if (at < 0 || text.isEmpty())
        return;
    const QString filled = CannedPlaceholders::fill(text, m_placeholderValues ? m_placeholderValues()
                                                                              : CannedPlaceholders::Values());
    QTextCursor cursor = m_edit->textCursor();
    cursor.setPosition(at, QTextCursor::KeepAnchor); // from the cursor back over "/word"
    cursor.insertText(filled); // one undo step; the agent edits, nothing is sent
    m_edit->setTextCursor(cursor);
    m_edit->setFocus(Qt::OtherFocusReason);
}

bool Composer::handlePopupKey(const QKeyEvent *key)
{
    if (!m_popup->isVisible() || (key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier)) != Qt::NoModifier)
        return false;
    switch (key->key()) {
    case Qt::Key_Up:
        m_popup->move(-1);
        return true;
    case Qt::Key_Down:
        m_popup->move(1);
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Tab:
        insertCanned();
        return true;
    case Qt::Key_Escape: {
        QString query;
        m_dismissedAt = slashPosition(&query);
        hidePopup();
        return true;
    }
    default:
        return false;
    }
}

bool Composer::eventFilter(QObject *watched, QEvent *event)
{
    // While the pop-up shows, its keys are not the window's shortcuts (Esc: back to the list).
    if (watched == m_edit && event->type() == QEvent::ShortcutOverride && m_popup->isVisible()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape || key->key() == Qt::Key_Up || key->key() == Qt::Key_Down
            || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter || key->key() == Qt::Key_Tab) {
            event->accept();
            return true;
        }
    }
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (handlePopupKey(key))
            return true;
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
            const bool send = m_ctrlEnter ? mods == Qt::ControlModifier : mods == Qt::NoModifier;
            if (send) {
                trySend();
                return true;
            }
            if (!m_ctrlEnter && mods == Qt::ShiftModifier) {
                m_edit->insertPlainText(QStringLiteral("\n"));
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Relaydesk::App
