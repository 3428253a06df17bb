/*
 * decimal_codec.h — exact conversion between PostgreSQL's numeric digits (base 10000,
 * weight, sign) and the engine's scaled 128-bit decimals (value * 10^scale).
 *
 * The digit form is PostgreSQL's stable on-disk representation; the backend reads and
 * builds the varlena around it. Knows neither PostgreSQL nor DuckDB.
 */
#pragma once

#include <cstdint>
#include <cstring>

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

/*
 * The common case of NumericDigitsToScaled, inline for the scan's encoders: at most 4 digit
 * groups (16 digits, int64) read straight from a numeric's body (digit_bytes need not be
 * aligned), with at most 3 fractional digits beyond the scale to check (a division by a
 * constant 10, 100 or 1000 is a multiplication). False: not this case (or not representable);
 * NumericDigitsToScaled decides.
 */
inline bool SmallNumericDigitsToScaled(const void* digit_bytes, int ndigits, int weight, int scale, int64_t* magnitude) {
    if (ndigits > 4 || scale > 18)
        return false;
    int64_t acc = 0;
    for (int i = 0; i < ndigits; i++) {
        int16_t digit;
        std::memcpy(&digit, static_cast<const char*>(digit_bytes) + 2 * i, 2);
        acc = acc * kNumericBase + digit;
    }
    int shift = scale - 4 * (ndigits - 1 - weight);
    int64_t remainder = 0;
    switch (shift) {
    case -3: remainder = acc % 1000; acc /= 1000; break;
    case -2: remainder = acc % 100; acc /= 100; break;
    case -1: remainder = acc % 10; acc /= 10; break;
    case 0: break;
    default: {
        if (acc == 0) {
            *magnitude = 0;
            return true;
        }
        /* 10^shift * acc within int64 and within 18 digits */
        if (shift < 0 || shift > 18)
            return false;
        int64_t factor = 1;
        for (int i = 0; i < shift; i++)
            factor *= 10;
        if (acc > 999999999999999999LL / factor)
            return false;
        acc *= factor;
        break;
    }
    }
    if (remainder != 0)
        return false;
    *magnitude = acc;
    return true;
}

} // namespace pgf
