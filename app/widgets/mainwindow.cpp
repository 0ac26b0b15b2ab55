#include "mainwindow.h"

namespace Relaydesk::App {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Relaydesk"));
}

} // namespace Relaydesk::App
