#include "composer.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace Relaydesk::App {

Composer::Composer(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QPlainTextEdit(this))
    , m_attach(new QToolButton(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_counter(new QLabel(this))
    , m_windowLabel(new QLabel(this))
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
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        updateState();
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
    const int left = MaxLength - length;
    m_counter->setText(left < 200 ? tr("%1 characters left").arg(left) : QString());
    m_counter->setStyleSheet(left < 0 ? QStringLiteral("color: #d93f3f; font-weight: bold") : QString());
    const bool open = m_window != ReplyWindow::State::Closed;
    m_windowLabel->setStyleSheet(open ? QString() : QStringLiteral("color: #d93f3f"));
    m_send->setEnabled(open && left >= 0 && !m_edit->toPlainText().trimmed().isEmpty());
    m_attach->setEnabled(open);
}

void Composer::trySend()
{
    if (!m_send->isEnabled())
        return;
    const QString text = m_edit->toPlainText().trimmed();
    emit sendRequested(text);
}

bool Composer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
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
