#include "backend/shmem.h"

#include "backend/guard.h"
#include "backend/gucs.h"
#include "backend/pg.h"

extern "C" {
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
}

namespace pgf {

namespace {

shmem_request_hook_type previous_shmem_request_hook = nullptr;
shmem_startup_hook_type previous_shmem_startup_hook = nullptr;
SharedRegion region;
bool region_attached = false;

uint32_t PageSizeBytes() { return static_cast<uint32_t>(guc_page_size_kb) * 1024u; }

size_t RegionBytes() {
    return SharedRegion::RequiredBytes(PageSizeBytes(), static_cast<uint32_t>(guc_page_count),
                                       static_cast<uint32_t>(MaxBackends));
}

void RequestShmem() {
    PGF_ENTRY_BEGIN
    if (previous_shmem_request_hook)
        previous_shmem_request_hook();
    RequestAddinShmemSpace(RegionBytes());
    PGF_ENTRY_END
}

void StartupShmem() {
    PGF_ENTRY_BEGIN
    if (previous_shmem_startup_hook)
        previous_shmem_startup_hook();
    bool found = false;
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    void* raw = ShmemInitStruct("pg_fusion region", RegionBytes(), &found);
    void* base = reinterpret_cast<void*>(TYPEALIGN(4096, reinterpret_cast<uintptr_t>(raw)));
    if (!found)
        SharedRegion::Initialize(base, PageSizeBytes(), static_cast<uint32_t>(guc_page_count),
                                 static_cast<uint32_t>(MaxBackends));
    LWLockRelease(AddinShmemInitLock);
    region = SharedRegion(base);
    region_attached = true;
    PGF_ENTRY_END
}

} // namespace

void InstallShmemHooks() {
    previous_shmem_request_hook = shmem_request_hook;
    shmem_request_hook = RequestShmem;
    previous_shmem_startup_hook = shmem_startup_hook;
    shmem_startup_hook = StartupShmem;
}

bool RegionAvailable() { return region_attached && region.Valid(); }

SharedRegion& Region() {
    if (!RegionAvailable())
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("pg_fusion: shared memory is not available"),
                        errhint("Add pg_fusion to shared_preload_libraries and restart the server.")));
    return region;
}

} // namespace pgf
