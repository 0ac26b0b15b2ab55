#include "cannedresponsemodel.h"

namespace Relaydesk::App {

CannedResponseModel::CannedResponseModel(QObject *parent) : QAbstractListModel(parent) {}

void CannedResponseModel::setResponses(const QList<CannedResponse> &responses, const QSet<qint64> &pending)
{
    if (responses == m_responses && pending == m_pending)
        return;
    beginResetModel();
    m_responses = responses;
    m_pending = pending;
    endResetModel();
}

int CannedResponseModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_responses.size(); ++i)
        if (m_responses.at(i).id == id)
            return i;
    return -1;
}

int CannedResponseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_responses.size());
}

QVariant CannedResponseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CannedResponse &r = m_responses.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("/%1  %2").arg(r.shortcode, r.title);
    case Qt::ToolTipRole:
        return r.text;
    case IdRole:
        return r.id;
    case ShortcodeRole:
        return r.shortcode;
    case TitleRole:
        return r.title;
    case TextRole:
        return r.text;
    case UpdatedByRole:
        return r.updatedBy;
    case UpdatedAtRole:
        return r.updatedAt;
    case PendingRole:
        return m_pending.contains(r.id);
    default:
        return {};
    }
}

QHash<int, QByteArray> CannedResponseModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(ShortcodeRole, "shortcode");
    names.insert(TitleRole, "title");
    names.insert(TextRole, "text");
    names.insert(UpdatedByRole, "updatedBy");
    names.insert(UpdatedAtRole, "updatedAt");
    names.insert(PendingRole, "pending");
    return names;
}

} // namespace Relaydesk::App
