#include "common/decimal_codec.h"

namespace pgf {

namespace {

constexpr int kMaxPrecision = 38;

using uint128 = unsigned __int128;

} // namespace

namespace {

struct PowersOfTen {
    int128 value[kMaxPrecision + 1];
    constexpr PowersOfTen() : value() {
        value[0] = 1;
        for (int i = 1; i <= kMaxPrecision; i++)
            value[i] = value[i - 1] * 10;
    }
};

constexpr PowersOfTen kPowersOfTen;

/* Digit groups Horner's rule accumulates without overflow: 10000^9 = 10^36 < 2^127. */
constexpr int kHornerGroups = 9;

/* The general path: one term per digit group, each checked against 10^38. */
bool DigitsToScaledByTerms(const int16_t* digits, int ndigits, int weight, int scale, int128* magnitude) {
    const int128 limit = PowerOfTen(kMaxPrecision);
    int128 acc = 0;
    for (int i = 0; i < ndigits; i++) {
        int exponent = 4 * (weight - i) + scale; /* this digit counts digits[i] * 10^exponent */
        int128 d = digits[i];
        if (d == 0)
            continue;
        if (exponent >= 0) {
            /* d * 10^exponent must stay below 10^38; test before multiplying, since for
             * exponent >= 35 the product can exceed what int128 holds. */
            if (exponent >= kMaxPrecision || d >= PowerOfTen(kMaxPrecision - exponent))
                return false;
            int128 term = d * PowerOfTen(exponent);
            if (term >= limit || acc >= limit - term)
                return false;
            acc += term;
        } else {
            if (exponent <= -4)
                return false;
            int128 divisor = PowerOfTen(-exponent);
            if (d % divisor != 0)
                return false;
            acc += d / divisor;
            if (acc >= limit)
                return false;
        }
    }
    *magnitude = acc;
    return true;
}

} // namespace

int128 PowerOfTen(int n) { return kPowersOfTen.value[n]; }

/* The usual case, one multiply-add per group: acc = value * 10000^(ndigits - 1 - weight),
 * then shifted by the remaining power of ten. At most kHornerGroups groups. */
bool HornerDigitsToScaled(const int16_t* digits, int ndigits, int weight, int scale, int128* magnitude) {
    int128 acc = 0;
    for (int i = 0; i < ndigits; i++)
        acc = acc * kNumericBase + digits[i];
    int shift = scale - 4 * (ndigits - 1 - weight);
    if (acc == 0) {
        *magnitude = 0;
    } else if (shift >= 0) {
        if (shift >= kMaxPrecision || acc >= PowerOfTen(kMaxPrecision - shift))
            return false;
        *magnitude = acc * PowerOfTen(shift);
    } else {
        if (-shift > kMaxPrecision)
            return false;
        int128 divisor = PowerOfTen(-shift);
        if (acc % divisor != 0)
            return false;
        *magnitude = acc / divisor;
    }
    return true;
}

bool NumericDigitsToScaled(const int16_t* digits, int ndigits, int weight, bool negative, int scale, int128* out) {
    int128 magnitude;
    int64_t small = 0;
    if (SmallNumericDigitsToScaled(digits, ndigits, weight, scale, &small))
        magnitude = small;
    else if (!(ndigits <= kHornerGroups ? HornerDigitsToScaled(digits, ndigits, weight, scale, &magnitude)
                                        : DigitsToScaledByTerms(digits, ndigits, weight, scale, &magnitude)))
        return false;
    *out = negative ? -magnitude : magnitude;
    return true;
}

int ScaledToNumericDigits(int128 value, int scale, int16_t* digits, int* weight, bool* negative) {
    *negative = value < 0;
    uint128 magnitude = *negative ? static_cast<uint128>(-(value + 1)) + 1 : static_cast<uint128>(value);

    /* Decimal digits, least significant first. */
    char dec[48];
    int ndec = 0;
    while (magnitude > 0) {
        dec[ndec++] = static_cast<char>(magnitude % 10);
        magnitude /= 10;
    }
    if (ndec == 0) {
        *weight = 0;
        return 0;
    }
    /* Align the decimal point to a group boundary: pad the fraction on the right. */
    int pad = (4 - scale % 4) % 4;
    int fraction_groups = (scale + pad) / 4;
    int total_decimals = ndec + pad;
    int groups = (total_decimals + 3) / 4;
    if (groups < fraction_groups)
        groups = fraction_groups;

    int16_t all[kMaxDecimalDigitGroups + 2];
    for (int g = 0; g < groups; g++) {
        int v = 0;
        for (int k = 3; k >= 0; k--) {
            int pos = g * 4 + k - pad; /* index into dec of this decimal digit */
            v = v * 10 + ((pos >= 0 && pos < ndec) ? dec[pos] : 0);
        }
        all[groups - 1 - g] = static_cast<int16_t>(v); /* most significant group first */
    }
    int first = 0;
    while (first < groups && all[first] == 0)
        first++;
    int last = groups - 1;
    while (last > first && all[last] == 0)
        last--;
    *weight = (groups - fraction_groups - 1) - first;
    int n = last - first + 1;
    for (int i = 0; i < n; i++)
        digits[i] = all[first + i];
    return n;
}

} // namespace pgf
