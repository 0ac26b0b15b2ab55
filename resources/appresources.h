#pragma once

#include <QString>

// What the app needs to know about its own resources, named in one place.
// Link relaydesk_resources to get the icon as a Qt resource.
namespace Relaydesk::Resources {

// The app icon, for the window and the tray: ":/icons/relaydesk.svg".
// Loading it as a QIcon needs Qt's SVG plugins (Debian package libqt6svg6).
QString appIconPath();

// The reverse-DNS app id, also the name of the installed .desktop file without
// ".desktop": pass it to QGuiApplication::setDesktopFileName() so that Wayland
// and the task bar match windows to the installed entry and its icon.
QString desktopFileName();

} // namespace Relaydesk::Resources
