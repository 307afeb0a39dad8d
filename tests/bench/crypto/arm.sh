#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# 32-bit arm (ARMv7-A) crypto paths, NEON and assembly beside the portable
# C, without ARM hardware:
#  1. llvm-mca estimates (cycles) of the hot code, for the ARMv7 cores
#     llvm-mca 14 has models of: cortex-a9 (its model also serves
#     -mcpu=cortex-a15) and cortex-a57 in AArch32 (a big core). cortex-a7
#     and cortex-a8 have itineraries only, which llvm-mca does not use, so
#     no figures for them. Measured: the C as arm-linux-gnueabihf-gcc -O2
#     compiles it (regions marked in copies of the sources), and the
#     assembly loops (crypto/arm/*-core.S) as assembled, taken back out of
#     the disassembly: ChaCha20's double round (five blocks, 320 bytes),
#     Poly1305's NEON step (64 bytes) and scalar block (16 bytes); the
#     X25519 field products and ladder steps. Each region repeated
#     (-iterations=100), cycles per repetition, i.e. throughput with the
#     next repetition overlapping (the same optimism for both sides);
#  2. for the in-order Cortex-A7, which llvm-mca cannot model: a static
#     count of the loops' NEON and integer instructions per byte and the
#     issue bound they imply (see issue_bound below);
#  3. instructions executed under qemu-arm (counts, not times: emulated
#     time means nothing) per Poly1305 MAC, AEAD encryption and X25519,
#     from qemu's -d in_asm,exec,nochain log.
# The generic C is built without NEON (-mfpu=vfpv3-d16), as the kernel
# builds it; only crypto/arm/*-neon.c get -mfpu=neon.
# Prints a table and BENCH lines: ours beside the generic C (ratio above 1:
# ours ahead) and beside the in-tree module's arch/arm code under the same
# models (figures from the project's anchor notes; ratio = kernel / ours).
#
# Needs arm-linux-gnueabihf-gcc/-objdump, llvm-mca (package llvm),
# qemu-arm-static, python3. Usage: tests/bench/crypto/arm.sh
# [--mca-only|--counts-only]
set -eu

top=$(cd "$(dirname "$0")/../../.." && pwd)
cc=arm-linux-gnueabihf-gcc
mca=$(command -v llvm-mca || ls /usr/lib/llvm-*/bin/llvm-mca 2>/dev/null | tail -1 || true)
for t in "$cc" qemu-arm-static python3; do
	command -v "$t" >/dev/null || { echo "arm.sh: $t missing" >&2; exit 1; }
done
[ -n "$mca" ] || { echo "arm.sh: llvm-mca missing (apt-get install llvm)" >&2; exit 1; }

mode=${1:-all}
tmp=$(mktemp -d)
[ -n "${ARM_SH_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
flags=(-O2 -std=gnu11 -D__WG_USERSPACE -I"$top/tests/shim/include" -I"$top/include"
       -march=armv7-a -marm -mfloat-abi=hard)
plain=(-mfpu=vfpv3-d16)
neon=(-mfpu=neon)

mca_part() {
	mkdir -p "$tmp/arm" "$tmp/arm64"
	# copies with LLVM-MCA-BEGIN/END markers around the loop bodies; every
	# patch must apply, or the figures would be of something else
	python3 - "$top" "$tmp" <<'EOF'
import sys
top, tmp = sys.argv[1], sys.argv[2]

def patch(src, dst, subs):
    s = open(top + '/' + src).read()
    for old, new in subs:
        if s.count(old) != 1:
            sys.exit('arm.sh: patch does not apply to %s: %r' % (src, old[:40]))
        s = s.replace(old, new)
    open(tmp + '/' + dst, 'w').write(s)

B = '__asm__ __volatile__("@ LLVM-MCA-BEGIN %s");'
E = '__asm__ __volatile__("@ LLVM-MCA-END");'
patch('crypto/poly1305.c', 'poly1305.c', [
    ('\twhile (nblocks--) {\n\t\tt0 = get_unaligned_le32(in);',
     '\twhile (nblocks--) {\n\t\t' + B % 'poly-generic' +
     '\n\t\tt0 = get_unaligned_le32(in);'),
    ('\t\tin += WG_POLY1305_BLOCK_SIZE;\n\t}\n\tst->h[0] = h0;',
     '\t\tin += WG_POLY1305_BLOCK_SIZE;\n\t\t' + E +
     '\n\t}\n\tst->h[0] = h0;')])
patch('crypto/arm/poly1305-neon.c', 'arm/poly1305-neon.c', [])
patch('crypto/arm/poly1305-neon.c', 'arm/poly1305-neon-last.c', [
    ('\t/* last step: lanes 0, 2 times r^4, r^2; lanes 1, 3 times r^3, r^1 */\n',
     '\t' + B % 'poly-neon-last' + '\n'),
    # (the lane sum after it, ~30 instructions moving lanes to general
    # registers, crashes llvm-mca 14: left out)
    ('\t/* sum the lanes (each limb below 2^29) and carry into the state */\n',
     '\t' + E + '\n')])
# ChaCha20: one double round (generic: one block; NEON rows: two/three
# blocks; the five-block pass is assembly, below)
patch('crypto/chacha20.c', 'chacha20.c', [
    ('\tfor (i = 0; i < 10; i++) {\n\t\tQR(x[0], x[4], x[8], x[12]);',
     '\tfor (i = 0; i < 10; i++) {\n\t\t' + B % 'chacha-generic-dround' +
     '\n\t\tQR(x[0], x[4], x[8], x[12]);'),
    ('\t\tQR(x[3], x[4], x[9], x[14]);\n\t}\n',
     '\t\tQR(x[3], x[4], x[9], x[14]);\n\t\t' + E + '\n\t}\n')])
patch('crypto/arm64/chacha20-neon.c', 'arm64/chacha20-neon.c', [
    # rows: n is a constant in each inlined copy, one marker survives
    ('\tfor (i = 0; i < 10; i++) {\n\t\t/* the quarter rounds interleave',
     '\tfor (i = 0; i < 10; i++) {\n\t\tif (n == 2) ' + B % 'chacha-neon-rows2-dround' +
     '\n\t\telse if (n == 3) ' + B % 'chacha-neon-rows3-dround' +
     '\n\t\telse ' + B % 'chacha-neon-rows1-dround' +
     '\n\t\t/* the quarter rounds interleave'),
    ('\t\t\td2 = vextq_u32(d2, d2, 1);\n\t\t}\n\t}\n',
     '\t\t\td2 = vextq_u32(d2, d2, 1);\n\t\t}\n\t\t' + E + '\n\t}\n')])
patch('crypto/arm/chacha20-neon.c', 'arm/chacha20-neon.c', [])
patch('crypto/curve25519.c', 'curve25519.c', [
    ('\tfor (t = 254; t >= 0; t--) {\n',
     '\tfor (t = 254; t >= 0; t--) {\n\t\t' + B % 'ladder-generic' + '\n'),
    ('\t\tfe_mul(l.z2, l.e, l.a);\n\t}\n',
     '\t\tfe_mul(l.z2, l.e, l.a);\n\t\t' + E + '\n\t}\n')])
patch('crypto/arm/curve25519-neon.c', 'arm/curve25519-neon.c', [
    ('\tfor (t = from; t >= to; t--) {\n',
     '\tfor (t = from; t >= to; t--) {\n\t\t' + B % 'ladder-neon' + '\n'),
    ('\t\tfe2_trn(l.x, l.z, l.z, l.c);\t\t/* (x2 | x3), (z2 | z3) */\n\t}\n',
     '\t\tfe2_trn(l.x, l.z, l.z, l.c);\n\t\t' + E + '\n\t}\n')])
EOF
	mkdir -p "$tmp/s"
	# the copies include their neighbours by relative path
	cp "$top"/crypto/*.h "$tmp/"
	mkdir -p "$tmp/arm64"
	cp "$top"/crypto/arm/*.h "$tmp/arm/"
	cp "$top"/crypto/arm64/*.h "$tmp/arm64/"
	$cc "${flags[@]}" "${plain[@]}" -S "$tmp/poly1305.c" -o "$tmp/s/poly-generic.s"
	$cc "${flags[@]}" "${plain[@]}" -S "$tmp/curve25519.c" -o "$tmp/s/curve-generic.s"
	$cc "${flags[@]}" "${plain[@]}" -S "$tmp/chacha20.c" -o "$tmp/s/chacha-generic.s"
	$cc "${flags[@]}" "${neon[@]}" -S "$tmp/arm/chacha20-neon.c" -o "$tmp/s/chacha-neon.s"
	$cc "${flags[@]}" "${neon[@]}" -S "$tmp/arm/poly1305-neon-last.c" -o "$tmp/s/poly-neon-last.s"
	$cc "${flags[@]}" "${neon[@]}" -S "$tmp/arm/curve25519-neon.c" -o "$tmp/s/curve-neon.s"
	# the assembly: one loop each, from the backward branch's target up
	# to the branch (ChaCha20: the double round loop; its pass, for the
	# instruction count, from .Lpass to the pass loop's branch)
	local f
	for f in chacha20-neon-core poly1305-neon-core poly1305-scalar-core; do
		$cc "${flags[@]}" "${neon[@]}" -c "$top/crypto/arm/$f.S" -o "$tmp/$f.o"
		arm-linux-gnueabihf-objdump -d --no-show-raw-insn "$tmp/$f.o" > "$tmp/$f.dis"
	done
	python3 - "$tmp" <<'EOF'
import re, sys
tmp = sys.argv[1]

def loops(name):
    """the backward branches' loops of a disassembly: [(target, end, insns)]"""
    ins = []
    for l in open('%s/%s.dis' % (tmp, name)):
        m = re.match(r'^\s*([0-9a-f]+):\s+(\S.*)$', l)
        if m:
            ins.append((int(m.group(1), 16),
                        re.sub(r'\s+<[^>]*>$', '', m.group(2).split(';')[0].split('@')[0].rstrip())))
    out = []
    for a, i in ins:
        m = re.match(r'b(ne|eq|hi|lo|cs|cc)\s+([0-9a-f]+)$', i)
        if m and int(m.group(2), 16) < a:
            t = int(m.group(2), 16)
            out.append([x for y, x in ins if t <= y < a])
    return out

def region(insns, tag):
    return ('\t.syntax unified\n\t.fpu neon\n@ LLVM-MCA-BEGIN %s\n' % tag +
            ''.join('\t%s\n' % i for i in insns) + '@ LLVM-MCA-END\n')

c = loops('chacha20-neon-core')
p = loops('poly1305-neon-core')
q = loops('poly1305-scalar-core')
if len(c) != 2 or len(p) != 1 or len(q) != 1:
    sys.exit('arm.sh: the assembly changed shape (expected loops: chacha 2, poly 1, scalar 1)')
open(tmp + '/s/chacha-neon5.s', 'w').write(region(c[0], 'chacha-neon5-dround'))
open(tmp + '/s/poly-neon-asm.s', 'w').write(region(p[0], 'poly-neon'))
open(tmp + '/s/poly-scalar.s', 'w').write(region(q[0], 'poly-scalar'))
# the whole pass, the double round counted ten times, for the issue bound
pass_ = c[1]
dr = c[0]
open(tmp + '/s/chacha-pass.txt', 'w').write('\n'.join(pass_ + dr * 9) + '\n')
open(tmp + '/s/poly-neon.txt', 'w').write('\n'.join(p[0]) + '\n')
open(tmp + '/s/poly-scalar.txt', 'w').write('\n'.join(q[0]) + '\n')
EOF

	python3 - "$tmp" "$mca" <<'EOF'
import re, subprocess, sys
tmp, mca = sys.argv[1], sys.argv[2]
CPUS = ['cortex-a9', 'cortex-a57']
IT = 100

def header(s):
    return '\n'.join(l for l in s.splitlines()
                     if l.strip().startswith(('.syntax', '.arch', '.fpu', '.arm', '.thumb', '.eabi')))

# called once, GCC may inline them into the ladder (then in its region)
OPTIONAL = ('fe_mul_small', 'fe2_mul_small')

def body(path, fn):
    """the instructions of function fn, markers added around them"""
    s = open(path).read()
    # (GCC may have specialised it: fn.constprop.N)
    m = re.search(r'^(%s(?:\.constprop\.\d+)?):\n(.*?)^\t\.size\t\1, ' % re.escape(fn),
                  s, re.S | re.M)
    if not m and fn in OPTIONAL:
        return None
    if not m:
        sys.exit('arm.sh: no function %s in %s' % (fn, path))
    lines = [l for l in m.group(2).splitlines()
             if l.startswith('\t') and not l.startswith('\t.')]
    return header(s) + '\n@ LLVM-MCA-BEGIN %s\n' % fn + '\n'.join(lines) + '\n@ LLVM-MCA-END\n'

# llvm-mca 14 cannot schedule variable-length register lists on these
# models ("unable to resolve scheduling class"): push/pop/ldm/stm (the
# prologues and epilogues) are left out, for both paths alike
SKIP = re.compile(r'^\t(push|pop|ldm|stm|vpush|vpop|vldm|vstm)\w*\t|^\t\.syntax divided')

def cycles(src, cpu):
    """{region: cycles per iteration}"""
    src = '\n'.join(l for l in src.splitlines() if not SKIP.match(l))
    # llvm-mca 14 crashes on some "vmov rN, sM" sequences: the same
    # transfer spelled as "vmov.32 rN, dK[i]"
    src = re.sub(r'\tvmov\t(\w+), s(\d+)',
                 lambda m: '\tvmov.32\t%s, d%d[%d]' % (m.group(1), int(m.group(2)) // 2,
                                                      int(m.group(2)) % 2), src)
    b, e = src.find('LLVM-MCA-BEGIN'), src.find('LLVM-MCA-END')
    if b < 0 or e < b:
        sys.exit('arm.sh: a region is not one piece of text (loop layout?)')
    f = tmp + '/mca.s'
    open(f, 'w').write(src)
    out = subprocess.run([mca, '-mtriple=armv7a', '-mcpu=' + cpu, '-mattr=+neon',
                          '-iterations=%d' % IT, f], capture_output=True,
                         text=True)
    if out.returncode:
        sys.exit('arm.sh: llvm-mca failed:\n' + out.stderr[-2000:])
    res, name = {}, None
    for l in out.stdout.splitlines():
        m = re.match(r'\[\d+\] Code Region - (\S+)', l)
        if m:
            name = m.group(1)
        m = re.match(r'Total Cycles:\s+(\d+)', l)
        if m:
            res[name] = int(m.group(1)) / IT
    return res

def regions(path):
    return open(path).read()

# llvm-mca 14's Cortex-A9 model crashes (a division by zero in its
# resource accounting) on some integer stores that follow NEON
# instructions, as in the ChaCha20 double round's spill exchanges. For
# that model only, each such "str rN, [sp, #k]" is measured as a NEON
# store of one lane ("vst1.32 {d31[0]}, [sp]"): the same memory-unit
# access, on the NEON side, so if anything it costs the region more.
def a9_safe(src):
    return re.sub(r'^\tstr\t\w+, \[sp, #\d+\]$', '\tvst1.32\t{d31[0]}, [sp]', src, flags=re.M)

# The in-order Cortex-A7 (no llvm-mca model): a floor from instruction
# counts. Its NEON unit is 64 bits wide, so an instruction on Q registers
# (or on more than 64 bits of memory, or a 2x32->64 product) takes two
# cycles and one on D registers one; the core issues at most two
# instructions a cycle. Bound = max(NEON cycles, all instructions / 2).
def neon_cost(i):
    if not re.match(r'v[a-z]', i):
        return 0
    if re.search(r'\bq\d+\b', i) or re.match(r'v(mull|mlal|movl|shrn|movn)', i):
        return 2
    m = re.search(r'\{d(\d+)-d(\d+)\}', i)
    if m and int(m.group(2)) > int(m.group(1)):
        return 2
    return 1

def issue(path, nbytes):
    ins = [l.strip() for l in open(path) if l.strip()]
    nv = [i for i in ins if i.startswith('v')]
    cyc = sum(neon_cost(i) for i in ins)
    b = max(cyc, len(ins) / 2)
    return len(nv) / nbytes, (len(ins) - len(nv)) / nbytes, b / nbytes

rows = []
for cpu in CPUS:
    r = {}
    r.update(cycles(regions(tmp + '/s/poly-generic.s'), cpu))
    r.update(cycles(regions(tmp + '/s/poly-neon-asm.s'), cpu))
    r.update(cycles(regions(tmp + '/s/poly-scalar.s'), cpu))
    r.update(cycles(regions(tmp + '/s/poly-neon-last.s'), cpu))
    r.update(cycles(regions(tmp + '/s/chacha-generic.s'), cpu))
    c5 = regions(tmp + '/s/chacha-neon5.s')
    r.update(cycles(a9_safe(c5) if cpu == 'cortex-a9' else c5, cpu))
    r.update(cycles(regions(tmp + '/s/chacha-neon.s'), cpu))
    r.update(cycles(regions(tmp + '/s/curve-generic.s'), cpu))
    r.update(cycles(regions(tmp + '/s/curve-neon.s'), cpu))
    for f, fns in (('curve-generic.s', ('fe_mul', 'fe_sq', 'fe_mul_small')),
                   ('curve-neon.s', ('fe2_mul', 'fe2_sq', 'fe2_mul_small'))):
        for fn in fns:
            b = body(tmp + '/s/' + f, fn)
            r.update(cycles(b, cpu) if b else {fn: 0})
    pg = r['poly-generic'] / 16
    ps = r['poly-scalar'] / 16
    pn = r['poly-neon'] / 64
    # a ladder step: the loop body plus what it calls
    lg = r['ladder-generic'] + 5 * r['fe_mul'] + 4 * r['fe_sq'] + r['fe_mul_small']
    ln = (r['ladder-neon'] + 3 * r['fe2_mul'] + 2 * r['fe2_sq'] +
          r['fe2_mul_small'])

    # X25519: 255 steps, the inversion (254 squarings, 11 products), one product
    xg = 255 * lg + 254 * r['fe_sq'] + 12 * r['fe_mul']
    xn = 255 * ln + 254 * r['fe2_sq'] + 12 * r['fe2_mul']
    print('%-11s Poly1305 cycles/byte: generic-32 %.2f  arm-scalar %.2f  neon %.2f' %
          (cpu, pg, ps, pn))
    # n blocks (a multiple of 4): scalar n S; NEON the powers (three
    # products, about three generic blocks), n/4 - 1 loop steps, the last
    # step with the lane sum. kernel_neon_begin/end is not in the figure.
    G, S, L, T = r['poly-generic'], r['poly-scalar'], r['poly-neon'], r['poly-neon-last']
    be = next((n for n in range(8, 4096, 4) if 3 * G + (n // 4 - 1) * L + T < n * S), 0)
    print('%-11s Poly1305 NEON fixed cost %.0f cycles (powers %.0f, last step %.0f, lane sum not counted); '
          'ahead of arm-scalar from %d blocks (%d bytes)' % (cpu, 3 * G + T - L, 3 * G, T, be, 16 * be))
    cg = r['chacha-generic-dround'] / 64
    c5 = r['chacha-neon5-dround'] / 320
    c2 = r['chacha-neon-rows2-dround'] / 128
    c3 = r['chacha-neon-rows3-dround'] / 192
    print('%-11s ChaCha20 double round, cycles/byte: generic %.3f  neon 4+1 %.3f  '
          'rows x2 %.3f  rows x3 %.3f (x10 for the block)' % (cpu, cg, c5, c2, c3))
    print('%-11s field mul: generic-32 %.0f, neon 2-way %.0f; square: %.0f, %.0f' %
          (cpu, r['fe_mul'], r['fe2_mul'], r['fe_sq'], r['fe2_sq']))
    print('%-11s X25519 ladder step: generic-32 %.0f  neon %.0f; whole X25519 '
          '%.0fk  %.0fk cycles (x%.2f)' % (cpu, lg, ln, xg / 1000, xn / 1000, xg / xn))
    rows.append((cpu, pg, ps, pn, xg, xn, 10 * c5, 10 * cg))
for cpu, pg, ps, pn, xg, xn, c20, cg in rows:
    print('BENCH arm-%s-poly1305-cpb ours=%.2f generic=%.2f ratio=%.2f unit=cycles/byte(llvm-mca)'
          % (cpu, pn, pg, pg / pn))
    print('BENCH arm-%s-poly1305-scalar-cpb ours=%.2f generic=%.2f ratio=%.2f unit=cycles/byte(llvm-mca)'
          % (cpu, ps, pg, pg / ps))
    print('BENCH arm-%s-chacha20-cpb ours=%.2f generic=%.2f ratio=%.2f unit=cycles/byte(llvm-mca,ten-double-rounds)'
          % (cpu, c20, cg, cg / c20))
    print('BENCH arm-%s-x25519-cycles ours=%.0f generic=%.0f ratio=%.2f unit=cycles(llvm-mca)'
          % (cpu, xn, xg, xg / xn))

# The in-tree module's arch/arm code (Debian's linux-source-6.1) under the
# same llvm-mca 14, same regions and flags, cycles/byte, as recorded once
# in the project's notes (arm-anchors.md, second table); not re-measured
# here. Ours: ChaCha20 the double round loop of the five-block pass x 10 /
# 320 bytes (the kernel's: its four-block loop, x 10 / 256), Poly1305 the
# assembly loops above. Ratio = kernel / ours: 1 or more, ours at least as
# fast.
KERNEL = {
    'cortex-a9': {'chacha20-neon': 5.31, 'poly1305-neon': 2.20,
                  'poly1305-scalar': 4.26},
    'cortex-a57': {'chacha20-neon': 3.83, 'poly1305-neon': 1.02,
                   'poly1305-scalar': 2.95},
}
print()
print('beside the in-tree module\'s 32-bit code (same model; ratio = kernel / ours,'
      ' 1 or more: ours at least as fast; cortex-a9 is also LLVM 14\'s cortex-a15)')
print('%-34s %8s %8s %6s' % ('', 'ours', 'kernel', 'ratio'))
for cpu, pg, ps, pn, xg, xn, c20, cg in rows:
    for what, ours in (('chacha20-neon', c20), ('poly1305-neon', pn),
                       ('poly1305-scalar', ps)):
        k = KERNEL[cpu][what]
        print('%-34s %8.2f %8.2f %6.2f' % ('arm-%s/%s' % (cpu, what), ours, k, k / ours))
for cpu, pg, ps, pn, xg, xn, c20, cg in rows:
    for what, ours in (('chacha20-neon', c20), ('poly1305-neon', pn),
                       ('poly1305-scalar', ps)):
        k = KERNEL[cpu][what]
        print('BENCH arm-%s/%s ours=%.2f kernel=%.2f ratio=%.2f unit=mca-cycles/byte'
              % (cpu, what, ours, k, k / ours))

print()
print('Cortex-A7 (in order, no llvm-mca model): instructions per byte and the issue bound')
print('max(NEON cycles (Q 2, D 1), all / 2) per byte; a floor, not a prediction')
print('%-34s %8s %8s %8s' % ('', 'neon/B', 'int/B', 'bound'))
for name, path, n in (('chacha20-neon (4+1, whole pass)', 'chacha-pass.txt', 320),
                      ('poly1305-neon (64-byte step)', 'poly-neon.txt', 64),
                      ('poly1305-scalar (block)', 'poly-scalar.txt', 16)):
    nv, ni, b = issue(tmp + '/s/' + path, n)
    print('%-34s %8.2f %8.2f %8.2f' % (name, nv, ni, b))
    print('BENCH arm-a7-inorder/%s ours=%.2f kernel=n/a unit=issue-bound-cycles/byte'
          % (name.split()[0], b))
print('  (kernel: no 32-bit instruction counts in the anchors, and no published A7')
print('   figures to derive them from; published in-order ARMv7 Poly1305, scalar / NEON:')
print('   Cortex-A5 6.35 / 3.00, A8 6.25 / 2.36 c/B, CRYPTOGAMS headers via arm-anchors.md)')
EOF
}

# A proxy for the in-order Cortex-A53 (the core of many boards run with
# 32-bit kernels) and the A72, which llvm-mca 14 models only in AArch64:
# the same C (generic with the 32-bit limbs forced, the crypto/arm NEON
# X25519) built by aarch64-linux-gnu-gcc. AArch64 has twice the vector and
# general registers, so it flatters both sides; a proxy, not a figure for
# AArch32 code.
proxy_part() {
	local a64=aarch64-linux-gnu-gcc f
	command -v $a64 >/dev/null || { echo "arm.sh: no $a64, no A53/A72 proxy"; return 0; }
	mkdir -p "$tmp/a64"
	# (Poly1305's NEON loop is ARMv7 assembly now: X25519 only)
	for f in curve25519 arm/curve25519-neon; do
		$a64 -O2 -std=gnu11 -D__WG_USERSPACE -I"$top/tests/shim/include" -I"$top/include" \
			-DWG_CURVE25519_FORCE_32 -DWG_POLY1305_FORCE_32 \
			-S "$tmp/$f.c" -o "$tmp/a64/$(basename "$f").s"
	done
	python3 - "$tmp" "$mca" <<'EOF2'
import re, subprocess, sys
tmp, mca = sys.argv[1], sys.argv[2]
IT = 100

def cycles(src, cpu):
    src = src.replace('@ LLVM-MCA', '# LLVM-MCA')
    f = tmp + '/mca64.s'
    open(f, 'w').write(src)
    out = subprocess.run([mca, '-mtriple=aarch64', '-mcpu=' + cpu, '-iterations=%d' % IT, f],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit('arm.sh: llvm-mca failed (aarch64 proxy):\n' + out.stderr[-2000:])
    res, name = {}, None
    for l in out.stdout.splitlines():
        m = re.match(r'\[\d+\] Code Region - (\S+)', l)
        if m:
            name = m.group(1)
        m = re.match(r'Total Cycles:\s+(\d+)', l)
        if m:
            res[name] = int(m.group(1)) / IT
    return res

def body(f, fn):
    s = open(f).read()
    m = re.search(r'^(%s(?:\.constprop\.\d+)?):\n(.*?)^\t\.size\t\1, ' % re.escape(fn), s, re.S | re.M)
    if not m:
        return None
    lines = [l for l in m.group(2).splitlines() if l.startswith('\t') and not l.startswith('\t.')]
    return '# LLVM-MCA-BEGIN %s\n' % fn + '\n'.join(lines) + '\n# LLVM-MCA-END\n'

for cpu in ('cortex-a53', 'cortex-a72'):
    r = {}
    for f in ('curve25519', 'curve25519-neon'):
        r.update(cycles(open('%s/a64/%s.s' % (tmp, f)).read(), cpu))
    for f, fns in (('curve25519', ('fe_mul', 'fe_sq', 'fe_mul_small')),
                   ('curve25519-neon', ('fe2_mul', 'fe2_sq', 'fe2_mul_small'))):
        for fn in fns:
            b = body('%s/a64/%s.s' % (tmp, f), fn)
            r.update(cycles(b, cpu) if b else {fn: 0})
    lg = r['ladder-generic'] + 5 * r['fe_mul'] + 4 * r['fe_sq'] + r['fe_mul_small']
    ln = r['ladder-neon'] + 3 * r['fe2_mul'] + 2 * r['fe2_sq'] + r['fe2_mul_small']
    xg = 255 * lg + 254 * r['fe_sq'] + 12 * r['fe_mul']
    xn = 255 * ln + 254 * r['fe2_sq'] + 12 * r['fe2_mul']
    print('%-11s (AArch64 proxy) X25519: generic-32 %.0fk  neon %.0fk cycles (x%.2f)' %
          (cpu, xg / 1000, xn / 1000, xg / xn))
EOF2
}

counts_part() {
	local bin=$tmp/arm-counts o f objs=()
	mkdir -p "$tmp/o"
	for f in "$top"/crypto/arm/*.S; do
		o=$tmp/o/arm-$(basename "$f" .S).o
		$cc "${flags[@]}" "${neon[@]}" -c "$f" -o "$o"
		objs+=("$o")
	done
	for f in "$top"/crypto/*.c "$top"/crypto/arm/*.c; do
		o=$tmp/o/$(basename "$(dirname "$f")")-$(basename "$f" .c).o
		case $f in
		# main.c and glue.c list the NEON paths only where __ARM_NEON is
		# defined (in the kernel: CONFIG_KERNEL_MODE_NEON); no hot code
		*-neon.c | */main.c | */glue.c)
			$cc "${flags[@]}" "${neon[@]}" -c "$f" -o "$o" ;;
		*) $cc "${flags[@]}" "${plain[@]}" -c "$f" -o "$o" ;;
		esac
		objs+=("$o")
	done
	$cc "${flags[@]}" "${plain[@]}" -static "$top/tests/bench/crypto/arm-counts.c" \
		"${objs[@]}" -o "$bin"
	# instructions executed by a whole run: TB sizes from in_asm, one
	# exec line per TB run (nochain)
	run() {
		qemu-arm-static -d in_asm,exec,nochain -D "$tmp/q.log" "$bin" "$@" >/dev/null ||
			{ echo "arm.sh: arm-counts $* failed" >&2; exit 1; }
		python3 - "$tmp/q.log" <<'EOF'
import re, sys
size, n, cur, total = {}, 0, None, 0
for line in open(sys.argv[1], errors='replace'):
    if line.startswith('IN:'):
        cur, n = None, 0
    elif line.startswith('0x') and cur is not False:
        if cur is None:
            cur = int(line.split(':')[0], 16)
        n += 1
        size[cur] = n
    elif line.startswith('Trace '):
        cur = False
        pc = int(re.search(r'\[[0-9a-f]+/([0-9a-f]+)/', line).group(1), 16)
        total += size.get(pc, 0)
    elif not line.strip():
        cur = False
print(total)
EOF
	}
	# per operation: (run with REPS) - (run with 0), divided by REPS
	per() {
		local reps=$1 a b
		shift
		a=$(run "$@" 0) && b=$(run "$@" "$reps") || exit 1
		echo $(((b - a) / reps))
	}
	local len g n sc
	for len in 64 256 1420 16384; do
		g=$(per 8 poly1305 generic-32 "$len") || exit 1
		sc=$(per 8 poly1305 arm-scalar "$len") || exit 1
		n=$(per 8 poly1305 neon "$len") || exit 1
		printf 'qemu-arm Poly1305 %5d bytes: generic-32 %8d  arm-scalar %8d  neon %8d instructions (x%s)\n' \
			"$len" "$g" "$sc" "$n" "$(python3 -c "print('%.2f' % ($g / $n))")"
		echo "BENCH arm-qemu-poly1305-$len ours=$n generic=$g ratio=$(python3 -c "print('%.2f' % ($g / $n))") unit=instructions(qemu)"
		g=$(per 8 aead generic generic-32 "$len") || exit 1
		n=$(per 8 aead neon neon "$len") || exit 1
		printf 'qemu-arm AEAD     %5d bytes: generic    %8d  neon %8d instructions (x%s)\n' \
			"$len" "$g" "$n" "$(python3 -c "print('%.2f' % ($g / $n))")"
		echo "BENCH arm-qemu-aead-$len ours=$n generic=$g ratio=$(python3 -c "print('%.2f' % ($g / $n))") unit=instructions(qemu)"
	done
	g=$(per 2 x25519 generic-32) || exit 1
	n=$(per 2 x25519 neon) || exit 1
	printf 'qemu-arm X25519: generic-32 %d  neon %d instructions (x%s)\n' \
		"$g" "$n" "$(python3 -c "print('%.2f' % ($g / $n))")"
	echo "BENCH arm-qemu-x25519 ours=$n generic=$g ratio=$(python3 -c "print('%.2f' % ($g / $n))") unit=instructions(qemu)"
	# the fixed base is the portable table code on both paths
	g=$(per 2 x25519base generic-32) || exit 1
	printf 'qemu-arm X25519 fixed base (edwards25519 table, every path): %d instructions\n' "$g"
}

[ "$mode" = --counts-only ] || { mca_part; proxy_part; }
[ "$mode" = --mca-only ] || counts_part
