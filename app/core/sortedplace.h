#pragma once

#include <QList>

#include <algorithm>

namespace Relaydesk::App {

// Where a row whose sort key changed belongs in a list kept sorted by `before`,
// without re-sorting: only the side it moved toward is searched. `to` is its new
// index once moved (== row: it stays); `destination` is what beginMoveRows() wants,
// the row it goes before in the old order. Equal keys keep their place.
struct SortedPlace
{
    int to;
    int destination;
};

template<typename T, typename Before>
SortedPlace sortedPlace(const QList<T> &rows, int row, const T &value, Before before)
{
    if (row > 0 && before(value, rows.at(row - 1))) {
        const int to = int(std::upper_bound(rows.cbegin(), rows.cbegin() + row, value, before) - rows.cbegin());
        return {to, to};
    }
    if (row < rows.size() - 1 && before(rows.at(row + 1), value)) {
        // Once the row is taken out, the one it goes before is one higher up.
        const int below = int(std::upper_bound(rows.cbegin() + row + 1, rows.cend(), value, before) - rows.cbegin());
        return {below - 1, below};
    }
    return {row, row};
}

} // namespace Relaydesk::App
