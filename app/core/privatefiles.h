#pragma once

#include <QFileDevice>
#include <QString>

namespace Relaydesk::App {

// The app's folders hold customers' messages and files: they are the agent's alone,
// folders 0700 and files 0600, whatever the umask. New files are made so where the app
// writes them (LocalCache, AttachmentDownloader); secureTree() at start fixes what an
// older version (or any other writer) left readable to others.
class PrivateFiles
{
public:
    static constexpr QFileDevice::Permissions FolderMode =
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    static constexpr QFileDevice::Permissions FileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

    // Creates folder if it is missing; makes it and every folder under it FolderMode and
    // every file FileMode. Symbolic links are neither followed nor changed. Returns how
    // many entries were changed; -1 if any could not be (error says which). Thread-safe;
    // a file removed while it runs is no error.
    static int secureTree(const QString &folder, QString *error = nullptr);
    // mkpath, and the last folder FolderMode.
    static bool makeFolder(const QString &path);
    // FileMode if the file exists and is not a link; true if it does not exist.
    static bool restrictFile(const QString &path);
};

} // namespace Relaydesk::App
