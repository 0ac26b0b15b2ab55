#pragma once

#include <QByteArray>
#include <QString>

namespace Relaydesk::Test {

// The exact bytes of tests/fixtures/messenger/<relativePath> (e.g. "webhooks/text.json");
// empty if unreadable, so the caller's check fails.
QByteArray fixture(const QString &relativePath);

} // namespace Relaydesk::Test
