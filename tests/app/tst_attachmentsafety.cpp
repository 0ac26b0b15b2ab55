#include "attachmentsafety.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk::App;

// The file-name and type rules for customers' files, as a unit.
class TestAttachmentSafety : public QObject
{
    Q_OBJECT
private slots:
    void cleanNames_data();
    void cleanNames();
    void extensionFollowsTheDeclaredType_data();
    void extensionFollowsTheDeclaredType();
    void runnableNames_data();
    void runnableNames();
    void runnableTypes_data();
    void runnableTypes();
    void contentDecidesToo();
};

void TestAttachmentSafety::cleanNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("clean");
    QTest::newRow("plain") << QStringLiteral("Invoice 4711.pdf") << QStringLiteral("Invoice 4711.pdf");
    QTest::newRow("path") << QStringLiteral("../../.config/autostart/x.desktop") << QStringLiteral("x.desktop");
    QTest::newRow("windows path") << QStringLiteral("..\\..\\Startup\\run.bat") << QStringLiteral("run.bat");
    QTest::newRow("control characters") << QStringLiteral("evil\r\n\u001b[31mx.html") << QStringLiteral("evil[31mx.html");
    // U+202E shows "invoice_fdp.exe" as "invoice_exe.pdf".
    QTest::newRow("bidi override") << QStringLiteral("invoice_\u202Efdp.exe") << QStringLiteral("invoice_fdp.exe");
    QTest::newRow("zero width") << QStringLiteral("pho\u200Bto.jpg") << QStringLiteral("photo.jpg");
    QTest::newRow("trailing dot and space") << QStringLiteral("setup.exe. . ") << QStringLiteral("setup.exe");
    QTest::newRow("hidden") << QStringLiteral(".bashrc") << QStringLiteral("bashrc");
    QTest::newRow("alternate stream") << QStringLiteral("notes.txt:evil.exe") << QStringLiteral("notes.txt_evil.exe");
    QTest::newRow("reserved characters") << QStringLiteral("a<b>|c?*\".txt") << QStringLiteral("a_b__c___.txt");
    QTest::newRow("device name") << QStringLiteral("con.txt") << QStringLiteral("_con.txt");
    QTest::newRow("empty") << QString() << QStringLiteral("attachment");
    QTest::newRow("only dots") << QStringLiteral("..") << QStringLiteral("attachment");
    QTest::newRow("emoji kept") << QStringLiteral("\U0001F600 party.png") << QStringLiteral("\U0001F600 party.png");
}

void TestAttachmentSafety::cleanNames()
{
    QFETCH(QString, name);
    QFETCH(QString, clean);
    QCOMPARE(AttachmentSafety::cleanFileName(name), clean);
}

void TestAttachmentSafety::extensionFollowsTheDeclaredType_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("stored");
    QTest::newRow("agrees") << QStringLiteral("report.pdf") << QStringLiteral("application/pdf") << QStringLiteral("report.pdf");
    QTest::newRow("upper case") << QStringLiteral("IMG_1.JPG") << QStringLiteral("image/jpeg") << QStringLiteral("IMG_1.JPG");
    QTest::newRow("parameters") << QStringLiteral("notes.txt") << QStringLiteral("Text/Plain; charset=utf-8")
                                << QStringLiteral("notes.txt");
    QTest::newRow("a kind of it") << QStringLiteral("list.csv") << QStringLiteral("text/plain") << QStringLiteral("list.csv");
    QTest::newRow("docx is a zip") << QStringLiteral("letter.docx") << QStringLiteral("application/zip")
                                   << QStringLiteral("letter.docx");
    QTest::newRow("two-part extension") << QStringLiteral("logs.tar.gz") << QStringLiteral("application/gzip")
                                        << QStringLiteral("logs.tar.gz");
    // The name lies about the type: the declared type's extension decides how it opens.
    QTest::newRow("exe sent as pdf") << QStringLiteral("report.pdf.exe") << QStringLiteral("application/pdf")
                                     << QStringLiteral("report.pdf.exe.pdf");
    QTest::newRow("desktop file sent as image") << QStringLiteral("cat.desktop") << QStringLiteral("image/png")
                                                << QStringLiteral("cat.desktop.png");
    // The type tells the truth about a name that hides it: the name says so now.
    QTest::newRow("executable named pdf") << QStringLiteral("invoice.pdf")
                                          << QStringLiteral("application/x-ms-dos-executable")
                                          << QStringLiteral("invoice.pdf.exe");
    QTest::newRow("no extension") << QStringLiteral("scan") << QStringLiteral("image/jpeg") << QStringLiteral("scan.jpg");
    // Nothing known to follow: the name stays (and is judged by its name and content).
    QTest::newRow("octet-stream") << QStringLiteral("run.sh") << QStringLiteral("application/octet-stream")
                                  << QStringLiteral("run.sh");
    QTest::newRow("no type") << QStringLiteral("photo.jpg") << QString() << QStringLiteral("photo.jpg");
    QTest::newRow("unknown type") << QStringLiteral("x.pdf") << QStringLiteral("application/x-made-up")
                                  << QStringLiteral("x.pdf");
    QTest::newRow("cleaned first") << QStringLiteral("../x.pdf\u202E") << QStringLiteral("application/pdf")
                                   << QStringLiteral("x.pdf");
}

void TestAttachmentSafety::extensionFollowsTheDeclaredType()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(QString, stored);
    QCOMPARE(AttachmentSafety::fileNameFor(name, type), stored);
}

void TestAttachmentSafety::runnableNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("runs");
    for (const char *ext : {"exe", "bat", "cmd", "com", "msi", "lnk", "scr", "ps1", "vbs", "js", "jar", "sh",
                            "desktop", "py", "pl", "appimage", "run"}) {
        QTest::newRow(ext) << QStringLiteral("file.") + QString::fromLatin1(ext) << true;
        QTest::newRow(QByteArray(ext).toUpper().constData()) << QStringLiteral("FILE.") + QString::fromLatin1(ext).toUpper() << true;
    }
    QTest::newRow("exe hidden behind pdf") << QStringLiteral("report.pdf.exe") << true;
    QTest::newRow("ruby, a script by type") << QStringLiteral("x.rb") << true;
    QTest::newRow("pdf") << QStringLiteral("report.pdf") << false;
    QTest::newRow("pdf after exe") << QStringLiteral("report.pdf.exe.pdf") << false;
    QTest::newRow("jpg") << QStringLiteral("photo.jpg") << false;
    QTest::newRow("docx") << QStringLiteral("letter.docx") << false;
    QTest::newRow("txt") << QStringLiteral("notes.txt") << false;
    QTest::newRow("no extension") << QStringLiteral("README") << false;
}

void TestAttachmentSafety::runnableNames()
{
    QFETCH(QString, name);
    QFETCH(bool, runs);
    QCOMPARE(AttachmentSafety::nameCanRunPrograms(name), runs);
}

void TestAttachmentSafety::runnableTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("runs");
    for (const char *type : {"application/x-executable", "application/x-sharedlib", "application/x-msdownload",
                             "application/x-ms-dos-executable", "application/x-sh", "application/x-shellscript",
                             "application/x-desktop", "application/x-msi", "application/x-java-archive",
                             "text/x-python", "application/x-perl", "application/javascript", "text/vbscript",
                             "application/vnd.appimage", "application/x-ms-shortcut", "application/x-bat",
                             "APPLICATION/X-MSDOWNLOAD; name=x"})
        QTest::newRow(type) << QString::fromLatin1(type) << true;
    QTest::newRow("python 3: a kind of python") << QStringLiteral("text/x-python3") << true;
    for (const char *type : {"application/pdf", "image/jpeg", "text/plain", "application/zip",
                             "application/octet-stream", "application/vnd.oasis.opendocument.text", ""})
        QTest::newRow(*type ? type : "empty") << QString::fromLatin1(type) << false;
}

void TestAttachmentSafety::runnableTypes()
{
    QFETCH(QString, type);
    QFETCH(bool, runs);
    QCOMPARE(AttachmentSafety::typeCanRunPrograms(type), runs);
}

void TestAttachmentSafety::contentDecidesToo()
{
    QTemporaryDir dir;
    auto write = [&dir](const QString &name, const QByteArray &content) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return QString();
        return file.fileName();
    };
    // Harmless names, running content.
    QVERIFY(AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("invoice"), "#!/bin/sh\nrm -rf ~\n")));
    QVERIFY(AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("report.pdf.exe.pdf"),
                                                       QByteArray("MZ\x90\x00\x03\x00\x00\x00\x04\x00", 10))));
    QVERIFY(AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("cat.txt"),
                                                       "[Desktop Entry]\nType=Application\nExec=sh -c x\n")));
    QFile elf(QStringLiteral("/bin/true"));
    QVERIFY(elf.open(QIODevice::ReadOnly));
    QVERIFY(AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("photo.jpg"), elf.readAll())));
    // What they claim to be.
    QVERIFY(!AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("report.pdf"), "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")));
    QVERIFY(!AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("notes.txt"), "Hello, the parcel is late.\n")));
    // A running name is enough, whatever the content.
    QVERIFY(AttachmentSafety::fileCanRunPrograms(write(QStringLiteral("notes.bat"), "Hello.\n")));
}

QTEST_GUILESS_MAIN(TestAttachmentSafety)
#include "tst_attachmentsafety.moc"
