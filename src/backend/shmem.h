/*
 * shmem.h — pg_fusion's shared memory region in PostgreSQL's main segment.
 *
 * Sized from the POSTMASTER GUCs (page size/count) and MaxBackends (one session slot per
 * possible backend); requested in shmem_request_hook, formatted once in shmem_startup_hook.
 */
#pragma once

#include "common/shared_region.h"

namespace pgf {

void InstallShmemHooks();

/* The attached region; raises ERROR if pg_fusion was not preloaded. */
SharedRegion& Region();
bool RegionAvailable();

} // namespace pgf
