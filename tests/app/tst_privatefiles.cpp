#include "privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Relaydesk::App;

namespace {
// The mode as stat(2) has it, e.g. 0644.
int mode(const QString &path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

bool writeWithMode(const QString &path, int wanted)
{
    QFile file(path);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !file.open(QIODevice::WriteOnly) || file.write("x") != 1)
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(wanted)) == 0;
}
} // namespace

// Folders 0700 and files 0600 under the app's folders, whatever they were.
class TestPrivateFiles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { ::umask(022); } // what most desktops have: new files 0644
    void treeBecomesPrivate();
    void linksAreNotFollowed();
    void missingFolderIsCreatedPrivate();
};

void TestPrivateFiles::treeBecomesPrivate()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("relaydesk"));
    QVERIFY(writeWithMode(root + QStringLiteral("/accounts/a.sqlite"), 0644));
    QVERIFY(writeWithMode(root + QStringLiteral("/accounts/a.sqlite-wal"), 0664));
    QVERIFY(writeWithMode(root + QStringLiteral("/files/abc/.hidden report.pdf"), 0666));
    QVERIFY(writeWithMode(root + QStringLiteral("/files/abc/run.sh"), 0755));
    for (const QString &folder : {root, root + QStringLiteral("/accounts"), root + QStringLiteral("/files"),
                                  root + QStringLiteral("/files/abc")})
        QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0755), 0);

    QString error;
    QCOMPARE(PrivateFiles::secureTree(root, &error), 8);
    QVERIFY(error.isEmpty());
    QCOMPARE(mode(root), 0700);
    QCOMPARE(mode(root + QStringLiteral("/accounts")), 0700);
    QCOMPARE(mode(root + QStringLiteral("/files/abc")), 0700);
    QCOMPARE(mode(root + QStringLiteral("/accounts/a.sqlite")), 0600);
    QCOMPARE(mode(root + QStringLiteral("/accounts/a.sqlite-wal")), 0600);
    QCOMPARE(mode(root + QStringLiteral("/files/abc/.hidden report.pdf")), 0600);
    QCOMPARE(mode(root + QStringLiteral("/files/abc/run.sh")), 0600); // not runnable either
    // Nothing left to change the next time.
    QCOMPARE(PrivateFiles::secureTree(root), 0);
}

void TestPrivateFiles::linksAreNotFollowed()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("relaydesk"));
    const QString outside = dir.filePath(QStringLiteral("shared/notes.txt"));
    QVERIFY(writeWithMode(outside, 0644));
    QVERIFY(QDir().mkpath(root));
    QVERIFY(QFile::link(outside, root + QStringLiteral("/link.txt")));
    QVERIFY(QFile::link(QFileInfo(outside).absolutePath(), root + QStringLiteral("/linked-folder")));
    QVERIFY(PrivateFiles::secureTree(root) >= 0);
    QCOMPARE(mode(outside), 0644);
    QCOMPARE(mode(QFileInfo(outside).absolutePath()), 0755 & ~022);
}

void TestPrivateFiles::missingFolderIsCreatedPrivate()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("new/relaydesk"));
    QCOMPARE(PrivateFiles::secureTree(root), 1); // made, then made private
    QCOMPARE(mode(root), 0700);
    QVERIFY(PrivateFiles::restrictFile(root + QStringLiteral("/none"))); // nothing there: nothing to do
}

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
