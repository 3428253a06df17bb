/*
 * decimal_codec.h — exact conversion between PostgreSQL's numeric digits (base 10000,
 * weight, sign) and the engine's scaled 128-bit decimals (value * 10^scale).
 *
 * The digit form is PostgreSQL's stable on-disk representation; the backend reads and
 * builds the varlena around it. Knows neither PostgreSQL nor DuckDB.
 */
#pragma once

#include <cstdint>

namespace pgf {

using int128 = __int128;

constexpr int kNumericBase = 10000;
/* Base-10000 digits needed for any 38-digit decimal at any scale, with padding. */
constexpr int kMaxDecimalDigitGroups = 12;

/*
 * value = sum(digits[i] * 10000^(weight - i)), negated if negative. Returns false if the value
 * has nonzero digits below 10^-scale or does not fit in 38 decimal digits once scaled.
 */
bool NumericDigitsToScaled(const int16_t* digits, int ndigits, int weight, bool negative, int scale, int128* out);

/*
 * The inverse: fills digits (at most kMaxDecimalDigitGroups) without leading or trailing zero
 * groups and returns their count (0 for zero, with weight 0).
 */
int ScaledToNumericDigits(int128 value, int scale, int16_t* digits, int* weight, bool* negative);

/* 10^n for 0 <= n <= 38. */
int128 PowerOfTen(int n);

} // namespace pgf
