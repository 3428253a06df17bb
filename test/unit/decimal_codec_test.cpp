/* Unit tests for src/common/decimal_codec: PostgreSQL numeric digits <-> scaled 128-bit decimals. */
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/decimal_codec.h"

using namespace pgf;

namespace {

std::string ToString(int128 v) {
    if (v == 0)
        return "0";
    bool neg = v < 0;
    unsigned __int128 m = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
    std::string s;
    while (m > 0) {
        s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
    }
    return neg ? "-" + s : s;
}

int128 Pow10(int n) {
    int128 p = 1;
    for (int i = 0; i < n; i++)
        p *= 10;
    return p;
}

const int128 kMax38 = Pow10(38) - 1; /* largest value with 38 digits */

/* PostgreSQL's numeric digit form of value / 10^scale, computed independently through the
 * decimal string: integer part grouped from the decimal point leftwards, fraction rightwards. */
struct RefNumeric {
    std::vector<int16_t> digits;
    int weight = 0;
    bool negative = false;
};

RefNumeric Reference(int128 value, int scale) {
    RefNumeric r;
    r.negative = value < 0;
    std::string s = ToString(value);
    if (r.negative)
        s = s.substr(1);
    if (s == "0") {
        r.negative = false;
        return r;
    }
    while (static_cast<int>(s.size()) <= scale)
        s.insert(s.begin(), '0');
    std::string ip = s.substr(0, s.size() - scale), fp = s.substr(s.size() - scale);
    while (ip.size() % 4)
        ip.insert(ip.begin(), '0');
    while (fp.size() % 4)
        fp.push_back('0');
    std::vector<int16_t> groups;
    for (size_t i = 0; i < ip.size(); i += 4)
        groups.push_back(static_cast<int16_t>(std::stoi(ip.substr(i, 4))));
    for (size_t i = 0; i < fp.size(); i += 4)
        groups.push_back(static_cast<int16_t>(std::stoi(fp.substr(i, 4))));
    int weight = static_cast<int>(ip.size() / 4) - 1;
    size_t first = 0;
    while (first < groups.size() && groups[first] == 0) {
        first++;
        weight--;
    }
    size_t last = groups.size();
    while (last > first && groups[last - 1] == 0)
        last--;
    r.digits.assign(groups.begin() + first, groups.begin() + last);
    r.weight = weight;
    return r;
}

/* Encodes value at scale, checks the digits against the reference and decodes them back. */
void CheckRoundTrip(int128 value, int scale) {
    SCOPED_TRACE("value " + ToString(value) + " scale " + std::to_string(scale));
    int16_t digits[kMaxDecimalDigitGroups];
    int weight = -999;
    bool negative = true;
    int n = ScaledToNumericDigits(value, scale, digits, &weight, &negative);
    RefNumeric ref = Reference(value, scale);
    ASSERT_GE(n, 0);
    ASSERT_LE(n, kMaxDecimalDigitGroups);
    ASSERT_EQ(std::vector<int16_t>(digits, digits + n), ref.digits);
    ASSERT_EQ(negative, ref.negative);
    ASSERT_EQ(weight, ref.weight);
    for (int i = 0; i < n; i++)
        ASSERT_TRUE(digits[i] >= 0 && digits[i] < kNumericBase);
    if (n > 0) {
        ASSERT_NE(digits[0], 0) << "no leading zero group";
        ASSERT_NE(digits[n - 1], 0) << "no trailing zero group";
    }
    int128 back = 12345;
    ASSERT_TRUE(NumericDigitsToScaled(digits, n, weight, negative, scale, &back));
    ASSERT_EQ(ToString(back), ToString(value));
    /* The same number at a larger scale, where it still fits in 38 digits. */
    for (int more = scale + 1; more <= 38; more++) {
        int128 mag = value < 0 ? -value : value;
        bool fits = mag <= kMax38 / Pow10(more - scale);
        int128 rescaled = 0;
        bool ok = NumericDigitsToScaled(digits, n, weight, negative, more, &rescaled);
        ASSERT_EQ(ok, fits) << "rescale to " << more;
        if (ok) {
            ASSERT_EQ(ToString(rescaled), ToString(value * Pow10(more - scale))) << "rescale to " << more;
        }
    }
    /* At a smaller scale it works only if the dropped decimals are zero. */
    for (int less = 0; less < scale; less++) {
        int128 unit = Pow10(scale - less);
        bool exact = value % unit == 0;
        int128 rescaled = 0;
        bool ok = NumericDigitsToScaled(digits, n, weight, negative, less, &rescaled);
        ASSERT_EQ(ok, exact) << "rescale to " << less;
        if (ok) {
            ASSERT_EQ(ToString(rescaled), ToString(value / unit)) << "rescale to " << less;
        }
    }
}

void ExpectDigits(int128 value, int scale, std::vector<int16_t> digits, int weight, bool negative) {
    SCOPED_TRACE("value " + ToString(value) + " scale " + std::to_string(scale));
    int16_t out[kMaxDecimalDigitGroups];
    int w = -999;
    bool neg = !negative;
    int n = ScaledToNumericDigits(value, scale, out, &w, &neg);
    EXPECT_EQ(std::vector<int16_t>(out, out + n), digits);
    EXPECT_EQ(w, weight);
    EXPECT_EQ(neg, negative);
    int128 back = 0;
    ASSERT_TRUE(NumericDigitsToScaled(digits.data(), static_cast<int>(digits.size()), weight, negative, scale, &back));
    EXPECT_EQ(ToString(back), ToString(value));
}

} // namespace

TEST(DecimalCodec, PowerOfTen) {
    EXPECT_EQ(ToString(PowerOfTen(0)), "1");
    EXPECT_EQ(ToString(PowerOfTen(1)), "10");
    EXPECT_EQ(ToString(PowerOfTen(18)), "1000000000000000000");
    EXPECT_EQ(ToString(PowerOfTen(38)), "1" + std::string(38, '0'));
}

TEST(DecimalCodec, KnownDigitArrays) {
    /* PostgreSQL: 123.45 = {123, 4500} weight 0; 0.0001 = {1} weight -1; 10000 = {1} weight 1. */
    ExpectDigits(12345, 2, {123, 4500}, 0, false);
    ExpectDigits(12345000, 5, {123, 4500}, 0, false);
    ExpectDigits(-12345, 2, {123, 4500}, 0, true);
    ExpectDigits(1, 4, {1}, -1, false);
    ExpectDigits(1000, 7, {1}, -1, false); /* 0.0001000 */
    ExpectDigits(10000, 0, {1}, 1, false);
    ExpectDigits(100000000, 4, {1}, 1, false); /* 10000.0000 */
    ExpectDigits(0, 0, {}, 0, false);
    ExpectDigits(0, 10, {}, 0, false);
    ExpectDigits(1, 0, {1}, 0, false);
    ExpectDigits(-1, 0, {1}, 0, true);
    ExpectDigits(1, 2, {100}, -1, false);        /* 0.01 */
    ExpectDigits(-1, 2, {100}, -1, true);        /* -0.01 */
    ExpectDigits(1, 5, {1000}, -2, false);       /* 0.00001 */
    ExpectDigits(1, 8, {1}, -2, false);          /* 0.00000001 */
    ExpectDigits(1, 38, {100}, -10, false);      /* 1e-38 */
    ExpectDigits(100010000, 4, {1, 1}, 1, false); /* 10001.0000 */
    ExpectDigits(100000001, 8, {1, 0, 1}, 0, false); /* 1.00000001: inner zero group kept */
    ExpectDigits(1000000000001LL, 4, {1, 0, 0, 1}, 2, false); /* 100000000.0001 */
    ExpectDigits(123456789, 0, {1, 2345, 6789}, 2, false);
    ExpectDigits(Pow10(37), 0, {10}, 9, false);
    ExpectDigits(kMax38, 0, {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999}, 9, false);
    ExpectDigits(-kMax38, 0, {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999}, 9, true);
    ExpectDigits(kMax38, 38, {9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9900}, -1, false);
    ExpectDigits(kMax38, 10, {9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9900}, 6, false);
    ExpectDigits(12345678901234567LL, 10, {123, 4567, 8901, 2345, 6700}, 1, false); /* 1234567.8901234567 */
}

TEST(DecimalCodec, RoundTripManyScalesAndValues) {
    std::vector<int128> values = {0, 1, -1, 12345, -12345, 100, -100, 9999, 10000, 10001, Pow10(37), -Pow10(37),
                                  kMax38, -kMax38, Pow10(36) + 1, Pow10(20), 99990000, 1000100010001LL,
                                  static_cast<int128>(INT64_MAX), static_cast<int128>(INT64_MIN),
                                  static_cast<int128>(INT64_MAX) * 1000003};
    for (int k = 0; k <= 37; k++) {
        values.push_back(Pow10(k));
        values.push_back(-Pow10(k) - 1);
        values.push_back(Pow10(k + 1) - 1);
    }
    /* Deterministic pseudo-random magnitudes of every length. */
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 200; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int128 v = static_cast<int128>((static_cast<unsigned __int128>(x) << 64 | x) %
                                       static_cast<unsigned __int128>(Pow10(1 + i % 38)));
        values.push_back(i % 2 ? v : -v);
    }
    for (int128 v : values)
        for (int scale = 0; scale <= 38; scale++) {
            CheckRoundTrip(v, scale);
            if (HasFatalFailure())
                return;
        }
}

TEST(DecimalCodec, ZeroHasNoDigitsAndIsNotNegative) {
    int16_t digits[kMaxDecimalDigitGroups];
    int weight = 7;
    bool negative = true;
    EXPECT_EQ(ScaledToNumericDigits(0, 5, digits, &weight, &negative), 0);
    EXPECT_EQ(weight, 0);
    EXPECT_FALSE(negative);
    int128 out = 1;
    ASSERT_TRUE(NumericDigitsToScaled(digits, 0, 0, false, 5, &out));
    EXPECT_TRUE(out == 0);
    /* Negative zero in digit form (no digits) is plain zero. */
    ASSERT_TRUE(NumericDigitsToScaled(digits, 0, 3, true, 2, &out));
    EXPECT_TRUE(out == 0);
}

TEST(DecimalCodec, AcceptsNonCanonicalZeroGroups) {
    int128 out = 0;
    const int16_t lead[] = {0, 0, 12, 3400};
    ASSERT_TRUE(NumericDigitsToScaled(lead, 4, 2, false, 2, &out)); /* 12.34 */
    EXPECT_EQ(ToString(out), "1234");
    const int16_t trail[] = {7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ASSERT_TRUE(NumericDigitsToScaled(trail, 14, 0, true, 0, &out)); /* zero groups far below scale */
    EXPECT_EQ(ToString(out), "-7");
}

TEST(DecimalCodec, RejectsDigitsBelowScale) {
    int128 out = 0;
    const int16_t d123_45[] = {123, 4500};
    EXPECT_FALSE(NumericDigitsToScaled(d123_45, 2, 0, false, 1, &out));
    EXPECT_FALSE(NumericDigitsToScaled(d123_45, 2, 0, false, 0, &out));
    ASSERT_TRUE(NumericDigitsToScaled(d123_45, 2, 0, false, 2, &out));
    EXPECT_EQ(ToString(out), "12345");
    const int16_t d0_0001[] = {1};
    for (int scale = 0; scale < 4; scale++)
        EXPECT_FALSE(NumericDigitsToScaled(d0_0001, 1, -1, false, scale, &out)) << scale;
    ASSERT_TRUE(NumericDigitsToScaled(d0_0001, 1, -1, false, 4, &out));
    EXPECT_EQ(ToString(out), "1");
    /* A digit group entirely below the scale. */
    EXPECT_FALSE(NumericDigitsToScaled(d0_0001, 1, -3, false, 8, &out));   /* 1e-12 at scale 8 */
    EXPECT_FALSE(NumericDigitsToScaled(d0_0001, 1, -10, false, 38, &out)); /* 1e-40 at scale 38 */
    const int16_t d1e_38[] = {100};
    ASSERT_TRUE(NumericDigitsToScaled(d1e_38, 1, -10, false, 38, &out)); /* 1e-38 */
    EXPECT_EQ(ToString(out), "1");
    EXPECT_FALSE(NumericDigitsToScaled(d1e_38, 1, -10, false, 37, &out));
}

TEST(DecimalCodec, RejectsOverflow) {
    int128 out = 0;
    /* 10^38 = {100} weight 9: one more than the largest 38-digit value. */
    const int16_t d1e38[] = {100};
    EXPECT_FALSE(NumericDigitsToScaled(d1e38, 1, 9, false, 0, &out));
    EXPECT_FALSE(NumericDigitsToScaled(d1e38, 1, 9, true, 0, &out));
    const int16_t max38[] = {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999};
    ASSERT_TRUE(NumericDigitsToScaled(max38, 10, 9, false, 0, &out));
    EXPECT_EQ(ToString(out), ToString(kMax38));
    EXPECT_FALSE(NumericDigitsToScaled(max38, 10, 9, false, 1, &out)) << "39 digits once scaled";
    /* 10^38 - 1 plus 1 in the last place: the sum overflows, not a single term. */
    const int16_t plus_one[] = {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 1000};
    EXPECT_FALSE(NumericDigitsToScaled(plus_one, 11, 9, false, 1, &out));
    /* 1 at scale 38 is 10^38 scaled. */
    const int16_t one[] = {1};
    EXPECT_FALSE(NumericDigitsToScaled(one, 1, 0, false, 38, &out));
    ASSERT_TRUE(NumericDigitsToScaled(one, 1, 0, false, 37, &out));
    EXPECT_EQ(ToString(out), ToString(Pow10(37)));
    /* Far too large. */
    EXPECT_FALSE(NumericDigitsToScaled(one, 1, 10, false, 0, &out));
    EXPECT_FALSE(NumericDigitsToScaled(one, 1, 1000, false, 0, &out));
    EXPECT_FALSE(NumericDigitsToScaled(one, 1, 9, false, 38, &out));
}

TEST(DecimalCodec, RejectsLargeLeadingDigitWithoutWrapping) {
    /* A single group d * 10^e with e in 35..38 can exceed what __int128 holds (about 1.7e38):
     * the check must not multiply first and compare afterwards. Every such value has at least 39
     * digits, so every one must be rejected. */
    int128 out = 0;
    for (int exponent = 34; exponent <= 38; exponent++) {
        for (int16_t d : {1, 2, 9, 10, 17, 18, 99, 100, 999, 1000, 1701, 1702, 5000, 9999}) {
            /* exponent = 4 * weight + scale: pick weight 8 or 9 and the matching scale. */
            int weight = exponent >= 36 ? 9 : 8;
            int scale = exponent - 4 * weight;
            ASSERT_GE(scale, 0);
            bool fits = exponent < 38 && d < Pow10(38 - exponent);
            bool ok = NumericDigitsToScaled(&d, 1, weight, false, scale, &out);
            EXPECT_EQ(ok, fits) << d << "e" << exponent;
            if (ok) {
                EXPECT_EQ(ToString(out), ToString(d * Pow10(exponent)));
            }
        }
    }
}

TEST(DecimalCodec, MaxDigitGroupsIsEnough) {
    /* The longest digit arrays: 38 significant digits misaligned against the group boundary. */
    int most = 0;
    for (int scale = 0; scale <= 38; scale++) {
        int16_t digits[kMaxDecimalDigitGroups];
        int weight;
        bool negative;
        for (int128 v : {kMax38, -kMax38, Pow10(37) + 1, kMax38 / 10}) {
            int n = ScaledToNumericDigits(v, scale, digits, &weight, &negative);
            most = std::max(most, n);
            ASSERT_LE(n, kMaxDecimalDigitGroups);
        }
    }
    EXPECT_EQ(most, 11); /* e.g. 1.0000...01 split as 1 | 0000 x9 | 0100 */
}
