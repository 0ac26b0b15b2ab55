#pragma once

#include <QListView>

class QAbstractItemModel;

namespace Relaydesk::App {

class CannedResponseFilter;

// The list the composer shows while the agent types "/word": the team's canned
// responses matching the word. It never takes the focus; the composer drives it
// from the keyboard (arrows, Enter, Tab, Esc) while the agent keeps typing.
class CannedResponsePopup : public QListView
{
    Q_OBJECT
public:
    explicit CannedResponsePopup(QWidget *parent = nullptr);

    void setResponses(QAbstractItemModel *model);
    // Filters by query; false (and nothing to show) when nothing matches.
    bool filter(const QString &query);
    // Moves the highlighted row by delta, wrapping around.
    void move(int delta);
    // The highlighted response's text, unfilled (empty if none).
    QString currentText() const;
    QString currentShortcode() const;
    CannedResponseFilter *filterModel() const { return m_filter; }

signals:
    void chosen(); // clicked

private:
    CannedResponseFilter *m_filter;
};

} // namespace Relaydesk::App
