/*
 * worker.h — the pg_fusion engine worker: one background worker that hosts the engine.
 *
 * The worker loads pg_fusion_engine.so (the only DuckDB code) with RTLD_DEEPBIND so the
 * engine's bundled symbols (ICU among them) bind to themselves and not to the copies
 * PostgreSQL loaded, checks the DuckDB build, then services the session rings whenever a
 * backend sets its latch. It never touches a table: backends scan, the engine computes.
 * An ERROR in its loop is reported and the loop goes on; whichever way it exits, the
 * engine's threads are stopped first, and the postmaster restarts it after a few seconds;
 * queries in flight fail with an error naming the restart.
 */
#pragma once

namespace pgf {

void RegisterEngineWorker();

} // namespace pgf

extern "C" {
__attribute__((visibility("default"))) void pg_fusion_worker_main(unsigned long arg);
}
