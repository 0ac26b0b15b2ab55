#pragma once

#include <QMainWindow>

namespace Relaydesk::App {

// The inbox window: conversation list on the left, the open chat on the right.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace Relaydesk::App
