/*
 * sql_literal.hpp — a value as a DuckDB SQL string literal, for the settings pg_fusion passes
 * to DuckDB as SQL (SET TimeZone, SET GLOBAL memory_limit).
 */
#pragma once

#include <string>

namespace pgf {

inline std::string QuoteLiteral(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += '\'';
        quoted += c;
    }
    return quoted + "'";
}

} // namespace pgf
