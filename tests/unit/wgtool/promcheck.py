#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A strict checker of the Prometheus text exposition format (version
0.0.4), for `wg show ... metrics`, so the unit tests need no promtool.
It accepts a subset of what Prometheus parses: everything our output must
be, and every rule a scraper or promtool would complain about.

  promcheck.py [FILE]    check FILE (or stdin); exit 1 with a line per error
  promcheck.py --selftest  check the checker against good and bad inputs

Rules:
 - every line is "# HELP name text", "# TYPE name type", another comment,
   or a sample "name{label="value",...} value [timestamp]"; no blank lines,
   and the text ends with a newline;
 - metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names
   [a-zA-Z_][a-zA-Z0-9_]* and do not start with "__";
 - each family has exactly one HELP (a sentence: starts with a capital
   letter or digit, ends with a full stop) and one TYPE, both before its
   first sample; TYPE is counter, gauge, histogram, summary or untyped;
 - counters end in _total, gauges do not; a counter is never negative;
 - HELP text escapes only \\\\ and \\n; label values only \\\\, \\" and \\n,
   and are valid UTF-8;
 - a family's samples are contiguous (none after another family began);
 - no label name twice in a sample, no series twice;
 - values are Go floats (digits, optional fraction and exponent, or
   NaN, +Inf, -Inf); a timestamp is an integer; one space between fields.
"""
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z"
                   r"|[+-]?Inf\Z|NaN\Z")
TIMESTAMP = re.compile(r"-?[0-9]+\Z")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"),
            "summary": ("_sum", "_count"), }


def parse_labels(s, i, errs, where):
    """Parses {a="b",...} from s[i] == '{'; returns (labels, index after)."""
    labels = []
    i += 1
    while True:
        if i < len(s) and s[i] == "}":
            return labels, i + 1
        m = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*").match(s, i)
        if not m:
            errs.append("%s: bad label name at column %d" % (where, i + 1))
            return None, i
        name = m.group(0)
        if name.startswith("__"):
            errs.append("%s: label name %s is reserved" % (where, name))
        i = m.end()
        if s[i:i + 2] != '="':
            errs.append('%s: expected =" after label %s' % (where, name))
            return None, i
        i += 2
        val = []
        while True:
            if i >= len(s):
                errs.append("%s: unterminated label value" % where)
                return None, i
            c = s[i]
            if c == "\\":
                nxt = s[i + 1:i + 2]
                if nxt not in ("\\", '"', "n"):
                    errs.append("%s: bad escape \\%s in label %s" %
                                (where, nxt, name))
                val.append("\n" if nxt == "n" else nxt)
                i += 2
                continue
            if c == '"':
                i += 1
                break
            if c == "\n":
                errs.append("%s: raw newline in label value" % where)
            val.append(c)
            i += 1
        labels.append((name, "".join(val)))
        if i < len(s) and s[i] == ",":
            i += 1
            continue
        if i < len(s) and s[i] == "}":
            return labels, i + 1
        errs.append("%s: expected , or } after label %s" % (where, name))
        return None, i


def family_of(name, families):
    """The family a sample name belongs to (histogram/summary suffixes)."""
    if name in families:
        return name
    for fam, info in families.items():
        for suf in SUFFIXES.get(info.get("type"), ()):
            if name == fam + suf:
                return fam
    return name


def check(text):
    errs = []
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        errs.append("not UTF-8")
    if not text:
        return errs
    if not text.endswith("\n"):
        errs.append("the text does not end with a newline")
    families = {}       # name -> {"help":, "type":, "samples":}
    order = []          # families in the order they began
    closed = set()      # families another family followed
    series = set()
    current = None

    def begin(fam, where):
        nonlocal current
        if fam == current:
            return
        if fam in closed or (fam in order and fam != current):
            errs.append("%s: family %s is not contiguous" % (where, fam))
        if current is not None:
            closed.add(current)
        current = fam
        if fam not in order:
            order.append(fam)

    for n, line in enumerate(text.split("\n")[:-1] if text.endswith("\n")
                             else text.split("\n"), 1):
        where = "line %d" % n
        if line == "":
            errs.append("%s: blank line" % where)
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 2 and parts[1] in ("HELP", "TYPE"):
                if parts[0] != "#" or len(parts) < 4:
                    errs.append("%s: malformed %s line" % (where, parts[1]))
                    continue
                kind, name, rest = parts[1], parts[2], parts[3]
                if not NAME.match(name):
                    errs.append("%s: bad metric name %r" % (where, name))
                info = families.setdefault(name, {"samples": 0})
                key = kind.lower()
                if key in info:
                    errs.append("%s: second %s for %s" % (where, kind, name))
                if info["samples"]:
                    errs.append("%s: %s for %s after its samples" %
                                (where, kind, name))
                begin(name, where)
                if kind == "TYPE":
                    if rest not in TYPES:
                        errs.append("%s: bad TYPE %r for %s" %
                                    (where, rest, name))
                    elif rest == "counter" and not name.endswith("_total"):
                        errs.append("%s: counter %s does not end in _total" %
                                    (where, name))
                    elif rest == "gauge" and name.endswith("_total"):
                        errs.append("%s: gauge %s ends in _total" %
                                    (where, name))
                else:
                    for m in re.finditer(r"\\(.?)", rest):
                        if m.group(1) not in ("\\", "n"):
                            errs.append("%s: bad escape in HELP of %s" %
                                        (where, name))
                    if not re.match(r"[A-Z0-9]", rest) or \
                            not rest.endswith(".") or len(rest.split()) < 3:
                        errs.append("%s: HELP of %s is not a sentence: %r" %
                                    (where, name, rest))
                info[key] = rest
            continue    # any other comment
        m = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*").match(line)
        if not m:
            errs.append("%s: bad metric name" % where)
            continue
        name = m.group(0)
        i = m.end()
        labels = []
        if i < len(line) and line[i] == "{":
            labels, i = parse_labels(line, i, errs, where)
            if labels is None:
                continue
        rest = line[i:]
        if not rest.startswith(" ") or rest.startswith("  "):
            errs.append("%s: expected one space before the value" % where)
            continue
        fields = rest[1:].split(" ")
        if len(fields) > 2 or not fields[0]:
            errs.append("%s: expected a value and an optional timestamp" %
                        where)
            continue
        if not FLOAT.match(fields[0]):
            errs.append("%s: value %r is not a float" % (where, fields[0]))
        if len(fields) == 2 and not TIMESTAMP.match(fields[1]):
            errs.append("%s: timestamp %r is not an integer" %
                        (where, fields[1]))
        names = [k for k, _ in labels]
        if len(set(names)) != len(names):
            errs.append("%s: a label appears twice" % where)
        fam = family_of(name, families)
        info = families.get(fam)
        if info is None or "type" not in info or "help" not in info:
            errs.append("%s: sample of %s before its HELP and TYPE" %
                        (where, name))
            info = families.setdefault(fam, {"samples": 0})
        begin(fam, where)
        info["samples"] += 1
        if info.get("type") == "counter" and FLOAT.match(fields[0]) and \
                (fields[0].startswith("-") or fields[0] == "NaN"):
            errs.append("%s: counter %s is negative" % (where, name))
        key = (name, tuple(sorted(labels)))
        if key in series:
            errs.append("%s: series %s%s appears twice" %
                        (where, name, dict(labels)))
        series.add(key)
    return errs


GOOD = [
    "",
    "# HELP a_total Things that happened.\n# TYPE a_total counter\n"
    "a_total 1\na_total{x=\"1\"} 2.5e3\n",
    "# HELP g A gauge of things.\n# TYPE g gauge\ng{a=\"\\\\ \\\" \\n\",b=\"\"} -Inf 1700000000000\n"
    "# HELP h_total Hits by kind.\n# TYPE h_total counter\n",
    "# TYPE g gauge\n# HELP g A gauge of things.\n# a comment\ng NaN\ng{a=\"x\",} .5\n",
]
BAD = [
    ("a_total 1\n", "before its HELP"),
    ("# HELP a_total Things that happened.\n# TYPE a_total counter\na_total 1", "newline"),
    ("# HELP a Things that happened.\n# TYPE a counter\na 1\n", "_total"),
    ("# HELP a_total Things that happened.\n# TYPE a_total gauge\na_total 1\n", "ends in _total"),
    ("# HELP a Things here.\n# TYPE a countr\na 1\n", "bad TYPE"),
    ("# HELP a_total Things that happened.\n# TYPE a_total counter\na_total -1\n", "negative"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng 1_000\n", "not a float"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng 0x10\n", "not a float"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng inf\n", "not a float"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng 1 1.5\n", "timestamp"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng  1\n", "one space"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n", "twice"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{a=\"1\",a=\"2\"} 1\n", "twice"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{a=\"\\t\"} 1\n", "bad escape"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{a=\"x} 1\n", "unterminated"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{1a=\"x\"} 1\n", "label name"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{__a=\"x\"} 1\n", "reserved"),
    ("# HELP g A gauge here.\n# TYPE g gauge\n1g 1\n", "metric name"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng 1\n\n", "blank"),
    ("# HELP g a gauge\n# TYPE g gauge\ng 1\n", "sentence"),
    ("# HELP g A gauge here.\n# TYPE g gauge\n# TYPE g gauge\ng 1\n", "second TYPE"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng 1\n# HELP g More of it here.\n", "after its samples"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng 1\n"
     "# HELP h A gauge too.\n# TYPE h gauge\nh 1\ng{a=\"1\"} 1\n", "contiguous"),
    ("# HELP g A gauge here.\n# TYPE g gauge\ng{a=\"1\"}1\n", "one space"),
    ("# HELP g A gauge \\t here.\n# TYPE g gauge\ng 1\n", "escape in HELP"),
]


def selftest():
    bad = 0
    for text in GOOD:
        errs = check(text)
        if errs:
            bad += 1
            print("selftest: good input rejected: %r: %s" % (text, errs))
    for text, want in BAD:
        errs = check(text)
        if not any(want in e for e in errs):
            bad += 1
            print("selftest: bad input not caught (%s): %r: %s" %
                  (want, text, errs))
    print("promcheck selftest: %d inputs, %d wrong" %
          (len(GOOD) + len(BAD), bad))
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ["--selftest"]:
        return selftest()
    src = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 \
        else sys.stdin
    errs = check(src.read())
    for e in errs:
        print("promcheck: " + e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
