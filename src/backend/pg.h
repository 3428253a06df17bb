/*
 * pg.h — the one way C++ code in src/backend includes PostgreSQL's server headers.
 *
 * PostgreSQL's headers are C: they go inside extern "C". Files that also include pgf common
 * headers include those first (they use only the standard library).
 */
#pragma once

extern "C" {
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/nodes.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
}
