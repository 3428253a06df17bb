/*
 * engine_error.hpp — an error pg_fusion itself raises on an engine thread, with the SQLSTATE
 * the backend reports.
 *
 * Thrown only from pg_fusion code outside DuckDB's execution (result encoding, result type
 * checks), never through a DuckDB callback: DuckDB classifies foreign exceptions on its own
 * and some classes invalidate the database.
 */
#pragma once

#include <stdexcept>
#include <string>

namespace pgf {

class EngineError : public std::runtime_error {
public:
    EngineError(const char* sqlstate, const std::string& message) : std::runtime_error(message), sqlstate_(sqlstate) {}

    const char* SqlState() const { return sqlstate_; }

private:
    const char* sqlstate_;
};

} // namespace pgf
