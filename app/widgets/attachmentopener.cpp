#include "attachmentopener.h"

#include "attachmentsafety.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace Relaydesk::App {

AttachmentOpener::AttachmentOpener(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
}

void AttachmentOpener::open(const QString &path)
{
    if (AttachmentSafety::fileCanRunPrograms(path))
        ask(path);
    else
        openUrl(QUrl::fromLocalFile(path));
}

void AttachmentOpener::ask(const QString &path)
{
    if (m_question)
        m_question->close();
    const QFileInfo file(path);
    auto *box = new QMessageBox(m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("runnableAttachmentQuestion"));
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Open a file that can run programs?"));
    box->setTextFormat(Qt::PlainText); // the name is the customer's
    box->setText(tr("This file can run programs on your computer:\n\n%1").arg(file.fileName()));
    box->setInformativeText(tr("It came from a customer, and Relaydesk does not open such files. "
                               "If you expected it and trust it, find it in its folder."));
    QPushButton *show = box->addButton(tr("Show in folder"), QMessageBox::ActionRole);
    show->setObjectName(QStringLiteral("showInFolderButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setEscapeButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, show, folder = file.absolutePath()](QAbstractButton *button) {
        if (button == show)
            openUrl(QUrl::fromLocalFile(folder));
    });
    m_question = box;
    box->open();
}

void AttachmentOpener::openUrl(const QUrl &url)
{
    if (!m_openUrl(url))
        emit openFailed(tr("No program could open %1.").arg(QDir::toNativeSeparators(url.toLocalFile())));
}

} // namespace Relaydesk::App
