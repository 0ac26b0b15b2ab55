#include "store.h"

namespace Relaydesk::Store {

Store::~Store() = default;

} // namespace Relaydesk::Store
