#pragma once

#include "cannedresponse.h"

#include <QAbstractListModel>
#include <QSet>

namespace Relaydesk::App {

// The team's canned responses as a list (CannedResponseSync::responses()), for the
// composer's pop-up and the management dialog. Small (at most 500): replaced whole.
class CannedResponseModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        ShortcodeRole,
        TitleRole,
        TextRole,
        UpdatedByRole,
        UpdatedAtRole,
        PendingRole, // a change waits for the relay
    };

    explicit CannedResponseModel(QObject *parent = nullptr);

    void setResponses(const QList<Relaydesk::CannedResponse> &responses, const QSet<qint64> &pending = {});
    const Relaydesk::CannedResponse &responseAt(int row) const { return m_responses.at(row); }
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<Relaydesk::CannedResponse> m_responses;
    QSet<qint64> m_pending;
};

} // namespace Relaydesk::App
