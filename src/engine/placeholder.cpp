#include "common/column_type.h"
