#include "privatefiles.h"

#include "appcorelogging.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace Relaydesk::App {

namespace {
// The mode bits; Qt adds the current user's access (the owner's, here), which is no mode bit.
QFileDevice::Permissions ownerPart(QFileDevice::Permissions p)
{
    return p & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
                | QFileDevice::ExeOther);
}

// 1 if changed, 0 if it already was so, -1 if it could not be changed.
int ensure(const QFileInfo &entry, QFileDevice::Permissions wanted)
{
    if (ownerPart(entry.permissions()) == wanted)
        return 0;
    if (QFile::setPermissions(entry.absoluteFilePath(), wanted))
        return 1;
    return QFileInfo::exists(entry.absoluteFilePath()) ? -1 : 0; // removed meanwhile (the image cache prunes)
}
} // namespace

int PrivateFiles::secureTree(const QString &folder, QString *error)
{
    const int root = QDir().mkpath(folder) ? ensure(QFileInfo(folder), FolderMode) : -1;
    if (root < 0) {
        if (error)
            *error = QStringLiteral("cannot make %1 private").arg(folder);
        return -1;
    }
    int changed = root;
    QStringList failures;
    // NoSymLinks: a link may point anywhere; chmod would follow it.
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo entry = it.fileInfo();
        if (entry.isSymLink())
            continue;
        const int result = ensure(entry, entry.isDir() ? FolderMode : FileMode);
        if (result < 0)
            failures.append(entry.absoluteFilePath());
        else
            changed += result;
    }
    if (changed > 0)
        qCInfo(lcCache) << "made" << changed << "files and folders readable by this user only under" << folder;
    if (!failures.isEmpty()) {
        qCWarning(lcCache) << "cannot make these private:" << failures;
        if (error)
            *error = QStringLiteral("cannot make %1 private").arg(failures.join(QStringLiteral(", ")));
        return -1;
    }
    return changed;
}

bool PrivateFiles::makeFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    return ensure(QFileInfo(path), FolderMode) >= 0;
}

bool PrivateFiles::restrictFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() || info.isSymLink())
        return true;
    return ensure(info, FileMode) >= 0;
}

} // namespace Relaydesk::App
