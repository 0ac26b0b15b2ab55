#pragma once

#include "appsettings.h"

#include <QPalette>

namespace Relaydesk::App {

// Light and dark palettes for the Fusion style, for agents whose desktop does not
// say (or who want the other one); "System" leaves the platform's palette alone.
namespace Theme {
QPalette darkPalette();
void apply(AppSettings::Theme theme);
}

} // namespace Relaydesk::App
