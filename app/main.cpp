#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("relaydesk"));
    QApplication::setOrganizationName(QStringLiteral("Relaydesk"));
    QApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));
    Relaydesk::App::MainWindow window;
    window.show();
    return app.exec();
}
