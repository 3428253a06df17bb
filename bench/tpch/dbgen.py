#!/usr/bin/env python3
"""TPC-H data generator: streams one table as PostgreSQL COPY text (see bench/README.md).

    python3 bench/tpch/dbgen.py --table lineitem --sf 0.1 [--seed 1] | psql -c "COPY lineitem FROM STDIN"
    python3 bench/tpch/dbgen.py --counts --sf 1            # expected row counts, no data

Written from the TPC-H specification (clause 4.2): the 8 tables, their cardinalities, value
lists, date rules, sparse order keys and derived fields. It is not byte-compatible with the
official dbgen (different random streams, a smaller comment text pool), but the distributions
are the spec's, so the 22 queries with the validation parameters select comparable data.
Deterministic: the same --sf and --seed give the same rows. Python 3 standard library only.
"""

import argparse
import datetime
import random
import sys

# ---- value lists (spec 4.2.2.13 / 4.2.3) -------------------------------------------------

REGIONS = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"]
NATIONS = [  # (name, regionkey); nationkey is the position
    ("ALGERIA", 0), ("ARGENTINA", 1), ("BRAZIL", 1), ("CANADA", 1), ("EGYPT", 4),
    ("ETHIOPIA", 0), ("FRANCE", 3), ("GERMANY", 3), ("INDIA", 2), ("INDONESIA", 2),
    ("IRAN", 4), ("IRAQ", 4), ("JAPAN", 2), ("JORDAN", 4), ("KENYA", 0),
    ("MOROCCO", 0), ("MOZAMBIQUE", 0), ("PERU", 1), ("CHINA", 2), ("ROMANIA", 3),
    ("SAUDI ARABIA", 4), ("VIETNAM", 2), ("RUSSIA", 3), ("UNITED KINGDOM", 3),
    ("UNITED STATES", 1),
]
COLORS = (
    "almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood "
    "burnished chartreuse chiffon chocolate coral cornflower cornsilk cream cyan dark deep dim "
    "dodger drab firebrick floral forest frosted gainsboro ghost goldenrod green grey honeydew "
    "hot indian ivory khaki lace lavender lawn lemon light lime linen magenta maroon medium "
    "metallic midnight mint misty moccasin navajo navy olive orange orchid pale papaya peach "
    "peru pink plum powder puff purple red rose rosy royal saddle salmon sandy seashell sienna "
    "sky slate smoke snow spring steel tan thistle tomato turquoise violet wheat white yellow"
).split()
assert len(COLORS) == 92
TYPE_S1 = ["STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"]
TYPE_S2 = ["ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"]
TYPE_S3 = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"]
CONT_S1 = ["SM", "LG", "MED", "JUMBO", "WRAP"]
CONT_S2 = ["CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"]
SEGMENTS = ["AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"]
PRIORITIES = ["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"]
INSTRUCTIONS = ["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"]
MODES = ["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"]

# Text grammar (spec 4.2.2.10): sentences built from these word classes.
NOUNS = (
    "foxes|ideas|theodolites|pinto beans|instructions|dependencies|excuses|platelets|"
    "asymptotes|courts|dolphins|multipliers|sauternes|warthogs|frets|dinos|attainments|somas|"
    "Tiresias|patterns|forges|braids|hockey players|frays|warhorses|dugouts|notornis|epitaphs|"
    "pearls|tithes|waters|orbits|gifts|sheaves|depths|sentiments|decoys|realms|pains|grouches|"
    "escapades|packages|requests|accounts|deposits|theodolites|courts|foxes|ideas|requests|"
    "accounts|packages|deposits|instructions|excuses|platelets"
).split("|")
VERBS = (
    "sleep|wake|are|cajole|haggle|nag|use|boost|affix|detect|integrate|maintain|nod|was|lose|"
    "sublate|solve|thrash|promise|engage|hinder|print|x-ray|breach|eat|grow|impress|mold|poach|"
    "serve|run|dazzle|snooze|doze|unwind|kindle|play|hang|believe|doubt"
).split("|")
ADJECTIVES = (
    "furious|sly|careful|blithe|quick|fluffy|slow|quiet|ruthless|thin|close|dogged|daring|"
    "brave|stealthy|permanent|enticing|idle|busy|regular|final|ironic|even|bold|silent|"
    "pending|special|express|unusual"
).split("|")
ADVERBS = (
    "sometimes|always|never|furiously|slyly|carefully|blithely|quickly|fluffily|slowly|"
    "quietly|ruthlessly|thinly|closely|doggedly|daringly|bravely|stealthily|permanently|"
    "enticingly|idly|busily|regularly|finally|ironically|evenly|boldly|silently"
).split("|")
PREPOSITIONS = (
    "about|above|according to|across|after|against|along|alongside of|among|around|at|atop|"
    "before|behind|beneath|beside|besides|between|beyond|by|despite|during|except|for|from|"
    "in place of|inside|instead of|into|near|of|on|outside|over|past|since|through|"
    "throughout|to|toward|under|until|up|upon|without|with|within"
).split("|")
AUXILIARIES = (
    "do|may|might|shall|will|would|can|could|should|ought to|must|will have to|"
    "shall have to|could have to|should have to|must have to|need to|try to"
).split("|")
TERMINATORS = [".", ";", ":", "?", "!", "--"]

# ---- dates (spec 4.2.2.12 / 4.2.3) -------------------------------------------------------

START = datetime.date(1992, 1, 1)
CURRENT = datetime.date(1995, 6, 17)
END = datetime.date(1998, 12, 31)
ORDER_DAYS = (END - START).days - 151          # o_orderdate in [START, END - 151 days]
CURRENT_DAY = (CURRENT - START).days
# date strings by day offset from START (orders + 121 ship + 30 receipt days fit well inside)
DATES = [(START + datetime.timedelta(days=d)).isoformat() for d in range(ORDER_DAYS + 200)]

TABLES = ["region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"]


def counts(sf):
    return {
        "region": 5, "nation": 25,
        "part": max(1, int(200000 * sf)), "supplier": max(1, int(10000 * sf)),
        "partsupp": 4 * max(1, int(200000 * sf)), "customer": max(1, int(150000 * sf)),
        "orders": max(1, int(1500000 * sf)), "lineitem": None,  # ~6,000,000 * sf (1..7 per order)
    }


def rng(seed, table, column):
    """An independent, reproducible random stream per (seed, table, column)."""
    return random.Random("%d/%s/%s" % (seed, table, column))


def money(cents):
    """Integer cents -> '123.45' (exact: cents are far below 2**53)."""
    return "%.2f" % (cents / 100.0)


class TextPool:
    """Spec 4.2.2.10: a pool of text from the grammar; comments are random substrings of it."""

    def __init__(self, seed, size=1 << 20):
        r = rng(seed, "text", "pool")
        ch = r.choice
        out, n = [], 0

        def noun_phrase():
            k = r.random()
            if k < 0.25:
                return ch(NOUNS)
            if k < 0.5:
                return ch(ADJECTIVES) + " " + ch(NOUNS)
            if k < 0.75:
                return ch(ADJECTIVES) + ", " + ch(ADJECTIVES) + " " + ch(NOUNS)
            return ch(ADVERBS) + " " + ch(ADJECTIVES) + " " + ch(NOUNS)

        def verb_phrase():
            k = r.random()
            if k < 0.25:
                return ch(VERBS)
            if k < 0.5:
                return ch(AUXILIARIES) + " " + ch(VERBS)
            if k < 0.75:
                return ch(VERBS) + " " + ch(ADVERBS)
            return ch(AUXILIARIES) + " " + ch(VERBS) + " " + ch(ADVERBS)

        def prep_phrase():
            return ch(PREPOSITIONS) + " the " + noun_phrase()

        while n < size:
            k = r.random()
            if k < 0.2:
                s = noun_phrase() + " " + verb_phrase() + ch(TERMINATORS)
            elif k < 0.4:
                s = noun_phrase() + " " + verb_phrase() + " " + prep_phrase() + ch(TERMINATORS)
            elif k < 0.6:
                s = noun_phrase() + " " + verb_phrase() + " " + noun_phrase() + ch(TERMINATORS)
            elif k < 0.8:
                s = (noun_phrase() + " " + prep_phrase() + " " + verb_phrase() + " "
                     + noun_phrase() + ch(TERMINATORS))
            else:
                s = (noun_phrase() + " " + prep_phrase() + " " + verb_phrase() + " "
                     + prep_phrase() + ch(TERMINATORS))
            out.append(s)
            n += len(s) + 1
        self.text = " ".join(out)
        self.limit = len(self.text) - 300

    def stream(self, seed, table, column, lo, hi):
        """Generator of comments with length uniform in [lo, hi] (spec: text string [lo, hi])."""
        r = rng(seed, table, column)
        rnd = r.random
        text, limit, span = self.text, self.limit, hi - lo + 1
        while True:
            ln = lo + int(rnd() * span)
            o = int(rnd() * limit)
            yield text[o:o + ln].strip()


def vstring(r, lo, hi):
    """Spec 4.2.2.7: random alphanumeric string, length uniform in [lo, hi] (average (lo+hi)/2)."""
    return "".join(r.choices(VCHARS, k=r.randint(lo, hi)))


VCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,. "


def phone(r, nationkey):
    """Spec 4.2.2.9: country code = nationkey + 10, then 3-3-4 random digits."""
    return "%d-%d-%d-%d" % (nationkey + 10, r.randint(100, 999), r.randint(100, 999),
                            r.randint(1000, 9999))


def retail_cents(partkey):
    """Spec 4.2.3: P_RETAILPRICE = (90000 + ((key/10) mod 20001) + 100 * (key mod 1000)) / 100."""
    return 90000 + ((partkey // 10) % 20001) + 100 * (partkey % 1000)


def partsupp_suppkey(partkey, i, nsupp):
    """Spec 4.2.3: PS_SUPPKEY = (ps_partkey + (i * ((S/4) + (ps_partkey-1)/S))) mod S + 1."""
    return (partkey + i * (nsupp // 4 + (partkey - 1) // nsupp)) % nsupp + 1


def order_key(i):
    """Spec 4.2.3: sparse keys; of every 32 keys only the first 8 are used (i is 1-based)."""
    i -= 1
    return (i >> 3) * 32 + (i & 7) + 1


# ---- tables -------------------------------------------------------------------------------

def gen_region(sf, seed, pool, w):
    cm = pool.stream(seed, "region", "comment", 31, 115)
    for k, name in enumerate(REGIONS):
        w("%d\t%s\t%s\n" % (k, name, next(cm)))


def gen_nation(sf, seed, pool, w):
    cm = pool.stream(seed, "nation", "comment", 31, 114)
    for k, (name, rk) in enumerate(NATIONS):
        w("%d\t%s\t%d\t%s\n" % (k, name, rk, next(cm)))


def gen_part(sf, seed, pool, w):
    n = counts(sf)["part"]
    rn, rm, rt, rs, rc = (rng(seed, "part", c) for c in ("name", "mfgr", "type", "size", "cont"))
    cm = pool.stream(seed, "part", "comment", 5, 22)
    types = ["%s %s %s" % (a, b, c) for a in TYPE_S1 for b in TYPE_S2 for c in TYPE_S3]
    conts = ["%s %s" % (a, b) for a in CONT_S1 for b in CONT_S2]
    buf = []
    for pk in range(1, n + 1):
        m = rm.randint(1, 5)
        buf.append("%d\t%s\tManufacturer#%d\tBrand#%d%d\t%s\t%d\t%s\t%s\t%s\n" % (
            pk, " ".join(rn.sample(COLORS, 5)), m, m, rm.randint(1, 5), rt.choice(types),
            rs.randint(1, 50), rc.choice(conts), money(retail_cents(pk)), next(cm)))
        if len(buf) >= 5000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))


def gen_supplier(sf, seed, pool, w):
    n = counts(sf)["supplier"]
    ra, rn, rp, rb = (rng(seed, "supplier", c) for c in ("address", "nation", "phone", "acctbal"))
    cm = pool.stream(seed, "supplier", "comment", 25, 100)
    # Spec 4.2.3: SF*5 comments get "Customer ... Complaints", SF*5 "Customer ... Recommends"
    # (Q16 filters on the first). At least one each so small scale factors still have them.
    rx = rng(seed, "supplier", "bbb")
    k = max(1, int(round(5 * sf)))
    picks = rx.sample(range(1, n + 1), min(n, 2 * k))
    special = {s: ("Complaints" if i < k else "Recommends") for i, s in enumerate(picks)}
    buf = []
    for sk in range(1, n + 1):
        nk = rn.randint(0, 24)
        c = next(cm)
        if sk in special:
            word = special[sk]
            mid = pool.text[rx.randrange(pool.limit):][:rx.randint(0, 10)].strip()
            ins = "Customer " + mid + (" " if mid else "") + word
            pos = rx.randint(0, max(0, len(c) - len(ins)))
            c = (c[:pos] + ins + c[pos + len(ins):])[:100]
        buf.append("%d\tSupplier#%09d\t%s\t%d\t%s\t%s\t%s\n" % (
            sk, sk, vstring(ra, 10, 40), nk, phone(rp, nk),
            money(rb.randint(-99999, 999999)), c))
        if len(buf) >= 5000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))


def gen_partsupp(sf, seed, pool, w):
    c = counts(sf)
    n, ns = c["part"], c["supplier"]
    rq, rc = rng(seed, "partsupp", "availqty"), rng(seed, "partsupp", "supplycost")
    cm = pool.stream(seed, "partsupp", "comment", 49, 198)
    buf = []
    for pk in range(1, n + 1):
        for i in range(4):
            buf.append("%d\t%d\t%d\t%s\t%s\n" % (
                pk, partsupp_suppkey(pk, i, ns), rq.randint(1, 9999),
                money(rc.randint(100, 100000)), next(cm)))
        if len(buf) >= 5000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))


def gen_customer(sf, seed, pool, w):
    n = counts(sf)["customer"]
    ra, rn, rp, rb, rs = (rng(seed, "customer", c)
                          for c in ("address", "nation", "phone", "acctbal", "segment"))
    cm = pool.stream(seed, "customer", "comment", 29, 116)
    buf = []
    for ck in range(1, n + 1):
        nk = rn.randint(0, 24)
        buf.append("%d\tCustomer#%09d\t%s\t%d\t%s\t%s\t%s\t%s\n" % (
            ck, ck, vstring(ra, 10, 40), nk, phone(rp, nk), money(rb.randint(-99999, 999999)),
            rs.choice(SEGMENTS), next(cm)))
        if len(buf) >= 5000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))


def gen_orders_lineitem(sf, seed, pool, w, want):
    """Orders and their lines come from the same streams: o_totalprice and o_orderstatus are
    derived from the lines. want is 'orders' or 'lineitem' (the other table is not formatted)."""
    c = counts(sf)
    norders, ncust, npart, nsupp = c["orders"], c["customer"], c["part"], c["supplier"]
    nclerk = max(1, int(1000 * sf))
    T = "orders"
    ro = rng(seed, T, "lines").random          # order-level values
    rl = rng(seed, "lineitem", "values").random  # line-level values
    ocm = pool.stream(seed, T, "comment", 19, 78)
    lcm = pool.stream(seed, "lineitem", "comment", 10, 43)
    dates, cur = DATES, CURRENT_DAY
    s4 = nsupp // 4
    orders = want == "orders"
    buf = []
    app = buf.append
    for i in range(1, norders + 1):
        okey = order_key(i)
        # o_custkey: uniform over customers, but never a key divisible by 3 (spec 4.2.3:
        # a third of the customers have no orders)
        ck = 1 + int(ro() * ncust)
        while ck % 3 == 0 and ncust > 2:
            ck = 1 + int(ro() * ncust)
        od = int(ro() * (ORDER_DAYS + 1))
        prio = PRIORITIES[int(ro() * 5)]
        clerk = 1 + int(ro() * nclerk)
        nlines = 1 + int(ro() * 7)
        total = 0
        nf = 0
        ocomment = next(ocm)
        for ln in range(1, nlines + 1):
            pk = 1 + int(rl() * npart)
            sk = (pk + int(rl() * 4) * (s4 + (pk - 1) // nsupp)) % nsupp + 1
            qty = 1 + int(rl() * 50)
            disc = int(rl() * 11)            # 0.00 .. 0.10
            tax = int(rl() * 9)              # 0.00 .. 0.08
            ext = qty * retail_cents(pk)     # cents
            sd = od + 1 + int(rl() * 121)
            cd = od + 30 + int(rl() * 61)
            rd = sd + 1 + int(rl() * 30)
            rflag = ("R" if rl() < 0.5 else "A") if rd <= cur else "N"
            if sd > cur:
                lstat = "O"
            else:
                lstat = "F"
                nf += 1
            instr = INSTRUCTIONS[int(rl() * 4)]
            mode = MODES[int(rl() * 7)]
            lcomment = next(lcm)
            # ext * (1 + tax) * (1 - disc), rounded to cents per line
            total += (ext * (100 + tax) * (100 - disc) + 5000) // 10000
            if not orders:
                app("%d\t%d\t%d\t%d\t%d\t%.2f\t0.%02d\t0.%02d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (
                    okey, pk, sk, ln, qty, ext / 100.0, disc, tax, rflag, lstat,
                    dates[sd], dates[cd], dates[rd], instr, mode, lcomment))
        if orders:
            status = "F" if nf == nlines else ("O" if nf == 0 else "P")
            app("%d\t%d\t%s\t%.2f\t%s\t%s\tClerk#%09d\t0\t%s\n" % (
                okey, ck, status, total / 100.0, dates[od], prio, clerk, ocomment))
        if len(buf) >= 10000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", choices=TABLES)
    ap.add_argument("--sf", type=float, default=1.0, help="scale factor (float, e.g. 0.01)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--counts", action="store_true", help="print expected row counts")
    a = ap.parse_args()
    if a.sf <= 0:
        ap.error("--sf must be positive")
    if a.counts:
        for t, n in counts(a.sf).items():
            print("%-9s %s" % (t, n if n is not None else "~%d" % int(6000000 * a.sf)))
        return 0
    if not a.table:
        ap.error("--table is required")
    pool = TextPool(a.seed)
    out = sys.stdout
    w = out.write
    if a.table in ("orders", "lineitem"):
        gen_orders_lineitem(a.sf, a.seed, pool, w, a.table)
    else:
        globals()["gen_" + a.table](a.sf, a.seed, pool, w)
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)
