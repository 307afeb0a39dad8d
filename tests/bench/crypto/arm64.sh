#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# arm64 crypto paths, NEON beside the portable C, without ARM hardware:
#  1. llvm-mca estimates (cycles) for Cortex-A53 and Cortex-A72 of the hot
#     code as aarch64-linux-gnu-gcc -O2 compiles it: one BLAKE2s
#     compression, one X25519 ladder step, the field multiply and square
#     (for the inversion's 254 squarings and 11 products);
#  2. instructions executed under qemu-aarch64 (counts, not times: emulated
#     time means nothing) per AEAD encryption, BLAKE2s hash and X25519, from
#     qemu's -d in_asm,exec,nochain log.
# Prints a table and BENCH lines (ours = the NEON path, peer = generic;
# ratio above 1: NEON ahead). The NEON BLAKE2s and X25519 are the
# unselected candidates (crypto/arm64/candidates.c): these figures are why.
#
# Needs aarch64-linux-gnu-gcc, llvm-mca (package llvm), qemu-aarch64-static,
# python3. Usage: tests/bench/crypto/arm64.sh [--mca-only|--counts-only]
set -eu

top=$(cd "$(dirname "$0")/../../.." && pwd)
cc=aarch64-linux-gnu-gcc
mca=$(command -v llvm-mca || ls /usr/lib/llvm-*/bin/llvm-mca 2>/dev/null | tail -1 || true)
for t in "$cc" qemu-aarch64-static python3; do
	command -v "$t" >/dev/null || { echo "arm64.sh: $t missing" >&2; exit 1; }
done
[ -n "$mca" ] || { echo "arm64.sh: llvm-mca missing (apt-get install llvm)" >&2; exit 1; }

mode=${1:-all}
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
flags=(-O2 -std=gnu11 -D__WG_USERSPACE -I"$top/tests/shim/include" -I"$top/include")

# Copies of the sources with LLVM-MCA-BEGIN/END markers around the hot
# code; every patch must apply, or the figures would be of something else.
python3 - "$top" "$tmp" <<'EOF'
import os, re, sys
top, tmp = sys.argv[1], sys.argv[2]

def patch(src, dst, subs, append=''):
    s = open(top + '/' + src).read()
    # the copy's quoted includes still find the original's neighbours
    d = os.path.dirname(top + '/' + src)
    s = re.sub(r'#include "([^"/][^"]*)"', lambda m: '#include "%s/%s"' % (d, m.group(1)), s)
    for old, new, *many in subs:
        if s.count(old) != 1 and not (many and s.count(old)):
            sys.exit('arm64.sh: %s changed, cannot mark: %r' % (src, old[:60]))
        s = s.replace(old, new)
    open(tmp + '/' + dst, 'w').write(s + append)

B = '__asm__ volatile("# LLVM-MCA-BEGIN %s");'
E = '__asm__ volatile("# LLVM-MCA-END");'

# one BLAKE2s compression (the block loop's body)
for src, dst, tag in (('crypto/blake2s.c', 'b2-generic.c', 'b2_generic'),
                      ('crypto/arm64/blake2s-neon.c', 'b2-neon.c', 'b2_neon')):
    patch(src, dst, [
        ('\t\t/* 64-bit byte counter kept as two words */',
         '\t\t' + B % tag + '\n\t\t/* 64-bit byte counter kept as two words */'),
        ('\t\tblock += WG_BLAKE2S_BLOCK_SIZE;\n\t}',
         '\t\tblock += WG_BLAKE2S_BLOCK_SIZE;\n\t\t' + E + '\n\t}'),
    ])

# ChaCha20: one generic block, one NEON batch of four; Poly1305: one
# generic block, one NEON step of four (the loops peeled as the NEON code's)
patch('crypto/chacha20.c', 'c-generic.c', [
    ('\tfor (i = 0; i < 10; i++) {\n\t\tQR(',
     '#pragma GCC unroll 10\n\tfor (i = 0; i < 10; i++) {\n\t\tQR('),
    ('\t\tmemcpy(x, state, sizeof(x));\n\t\tchacha20_permute(x);\n\t\tfor (i = 0; i < 16; i++)\n\t\t\tput_unaligned_le32(get_unaligned_le32',
     '\t\t' + B % 'c_generic' + '\n\t\tmemcpy(x, state, sizeof(x));\n\t\tchacha20_permute(x);\n#pragma GCC unroll 16\n\t\tfor (i = 0; i < 16; i++)\n\t\t\tput_unaligned_le32(get_unaligned_le32'),
    ('\t\tdst += WG_CHACHA20_BLOCK_SIZE;\n\t}\n\tmemzero_explicit(x',
     '\t\tdst += WG_CHACHA20_BLOCK_SIZE;\n\t\t' + E + '\n\t}\n\tmemzero_explicit(x'),
])
patch('crypto/arm64/chacha20-neon.c', 'c-neon.c', [
    ('\tfor (i = 0; i < 10; i++) {\n\t\tQR_X4(',
     '#pragma GCC unroll 10\n\tfor (i = 0; i < 10; i++) {\n\t\tQR_X4('),
    ('\t\tchacha20_neon_batch(state, dst, src, rot8, false, false, NULL,\n\t\t\t\t    NULL);\n',
     '\t\t' + B % 'c_neon' + '\n\t\tchacha20_neon_batch(state, dst, src, rot8, false, false, NULL,\n\t\t\t\t    NULL);\n\t\t' + E + '\n'),
    ('\twhile (nblocks >= 5) {\n\t\tchacha20_neon_batch5(state, dst, src, rot8);\n',
     '\twhile (nblocks >= 5) {\n\t\t' + B % 'c_neon5' + '\n\t\tchacha20_neon_batch5(state, dst, src, rot8);\n\t\t' + E + '\n'),
    # the one-pass AEAD: a 4 + 1 pass with 20 Poly1305 blocks beside it
    # (aead5), or 4 blocks with 16 (aead4): one call site, inlined twice
    ('\t\tchacha20_neon_batch_mac(state, dst, src, rot8, fifth, mac, &m);\n',
     '\t\tif (fifth)\n\t\t\t' + B % 'aead5' + '\n\t\telse\n\t\t\t' + B % 'aead4' +
     '\n\t\tchacha20_neon_batch_mac(state, dst, src, rot8, fifth, mac, &m);\n\t\t' + E + '\n'),
])
patch('crypto/poly1305.c', 'p-generic.c', [
    ('\t\t/* h += m, with the 2^128 pad bit */',
     '\t\t' + B % 'p_generic' + '\n\t\t/* h += m, with the 2^128 pad bit */'),
    ('\t\tin += WG_POLY1305_BLOCK_SIZE;\n\t}\n\tst->h0 = h0;',
     '\t\tin += WG_POLY1305_BLOCK_SIZE;\n\t\t' + E + '\n\t}\n\tst->h0 = h0;'),
])
# the arm64 scalar Poly1305: its block loop is inline asm, marked inside
patch('crypto/arm64/poly1305-scalar.c', 'p-scalar.c', [
    ('\t\t"1:\\n\\t"\n', '\t\t"1:\\n\\t"\n\t\t"# LLVM-MCA-BEGIN p_scalar\\n\\t"\n'),
    ('\t\t"sub\t%[n], %[n], #1\\n\\t"\n\t\t"cbnz',
     '\t\t"sub\t%[n], %[n], #1\\n\\t"\n\t\t"# LLVM-MCA-END\\n\\t"\n\t\t"cbnz'),
])

# one X25519 ladder step; the field multiply and square alone
patch('crypto/curve25519.c', 'x-generic.c', [
    ('static void fe_mul_small(', 'static __always_inline void fe_mul_small(',
     'both radixes'),
    # (the ladder is variable-base only: the fixed base is on edwards25519)
    ('\t\tbit = (l.k[t >> 3] >> (t & 7)) & 1;',
     '\t\t' + B % 'x_generic_step' + '\n\t\tbit = (l.k[t >> 3] >> (t & 7)) & 1;'),
    ('\t\tfe_mul(l.z2, l.e, l.a);\n\t}',
     '\t\tfe_mul(l.z2, l.e, l.a);\n\t\t' + E + '\n\t}'),
], '''
void mca_mul(fe h, const fe f, const fe g)
{ %s fe_mul(h, f, g); %s }
void mca_sq(fe h, const fe f)
{ %s fe_sq(h, f); %s }
''' % (B % 'x_generic_mul', E, B % 'x_generic_sq', E))
patch('crypto/arm64/curve25519-neon.c', 'x-neon.c', [
    ('\t\tbit = (st->k[n >> 3] >> (n & 7)) & 1;',
     '\t\t' + B % 'x_neon_step' + '\n\t\tbit = (st->k[n >> 3] >> (n & 7)) & 1;'),
    ('\t\t\tz[i] = vzip2_u32(v[i], u[i]);\n\t\t}\n',
     '\t\t\tz[i] = vzip2_u32(v[i], u[i]);\n\t\t}\n\t\t' + E + '\n'),
], '''
void mca_mul2(u32 h[10][2], const u32 f[10][2], const u32 g[10][2])
{
	l2 a[10], b[10], c[10];

	fe2_load(a, f);
	fe2_load(b, g);
	%s fe2_mul(c, a, b); %s
	fe2_store(h, c);
}
void mca_sq2(u32 h[10][2], const u32 f[10][2])
{
	l2 a[10], c[10];

	fe2_load(a, f);
	%s fe2_sq(c, a); %s
	fe2_store(h, c);
}
''' % (B % 'x_neon_mul', E, B % 'x_neon_sq', E))
EOF

# region name -> cycles per iteration (llvm-mca, 100 iterations), per CPU;
# instructions in the region: NEON (neon) and all (all)
declare -A cyc neon all
mca_regions() {
	local f=$1 s r
	s="$tmp/${f%.c}.s"
	"$cc" "${flags[@]}" -S "$tmp/$f" -o "$s"
	for r in $(sed -n 's/.*LLVM-MCA-BEGIN \([a-z0-9_]*\).*/\1/p' "$s"); do
		awk -v r="$r" '$0 ~ "LLVM-MCA-BEGIN " r "$" {p = 1} p {print}
			/LLVM-MCA-END/ {p = 0}' "$s" | grep -v '^[[:space:]]*\.' \
			> "$tmp/$r.s"
		mca_region "$r"
	done
}

# The NEON Poly1305 loop is assembly with .macro (poly1305-neon-core.S),
# which llvm-mca does not expand: assemble it, and take the loop of
# wg_poly1305_neon_x8 (from the b.ne's target up to it: one step of two
# sets, 128 bytes) back out of the disassembly as region p_neon.
asm_region() {
	"$cc" "${flags[@]}" -c "$top/crypto/arm64/poly1305-neon-core.S" -o "$tmp/pcore.o"
	aarch64-linux-gnu-objdump -d --no-show-raw-insn "$tmp/pcore.o" |
		python3 -c '
import re, sys
lines, on = [], False
for l in sys.stdin:
    if re.match(r"^[0-9a-f]+ <wg_poly1305_neon_x8>:", l):
        on = True
        continue
    if on and re.match(r"^[0-9a-f]+ <", l):
        break
    m = re.match(r"^\s*([0-9a-f]+):\s+(\S.*)$", l)
    if on and m:
        lines.append((int(m.group(1), 16), m.group(2).split("//")[0].rstrip()))
br = [(a, i) for a, i in lines if i.startswith("b.ne")]
if len(br) != 1:
    sys.exit("arm64.sh: poly1305-neon-core.S changed, no single loop in wg_poly1305_neon_x8")
end, target = br[0][0], int(br[0][1].split()[1], 16)
print("\t# LLVM-MCA-BEGIN p_neon")
for a, i in lines:
    if target <= a < end:
        print("\t" + re.sub(r"\s+<[^>]*>$", "", i))
print("\t# LLVM-MCA-END")
' > "$tmp/p_neon.s"
	mca_region p_neon
}

mca_region() {
	local r=$1 cpu
	# a call or loop in a region would be counted once: refuse it
	if grep -qE '^[[:space:]]+(bl|b|b\.[a-z]+|cbn?z|tbn?z)[[:space:]]' "$tmp/$r.s"; then
		echo "arm64.sh: region $r has a branch or call" >&2
		exit 1
	fi
	# the second, static estimate: NEON and integer instructions
	neon[$r]=$(grep -cE '^[[:space:]]+[a-z].*[[:space:]\[,{](v[0-9]+\.|[qd][0-9]+\b)' "$tmp/$r.s" || true)
	all[$r]=$(grep -cE '^[[:space:]]+[a-z]' "$tmp/$r.s" || true)
	for cpu in cortex-a53 cortex-a55 cortex-a72; do
		cyc[$r/$cpu]=$("$mca" -mtriple=aarch64 -mcpu=$cpu \
			-iterations=100 "$tmp/$r.s" 2>/dev/null |
			awk '/^Total Cycles:/ {printf "%.1f", $3 / 100}')
	done
}

bench() {	# subject neon generic unit
	awk -v s="$1" -v n="$2" -v g="$3" -v u="$4" 'BEGIN {
		printf "BENCH %s ours=%s generic=%s ratio=%.2f unit=%s\n",
			s, n, g, g / n, u }'
}

if [ "$mode" != --counts-only ]; then
	for f in c-generic.c c-neon.c p-generic.c p-scalar.c b2-generic.c \
		 b2-neon.c x-generic.c x-neon.c; do
		mca_regions "$f"
	done
	asm_region
	echo "arm64, llvm-mca estimates (aarch64-linux-gnu-gcc -O2; cycles, not timed)"
	printf '%-34s %12s %12s %12s\n' "" cortex-a53 cortex-a55 cortex-a72
	for cpu in cortex-a53 cortex-a55 cortex-a72; do
		c=${cpu#cortex-}
		for p in generic neon; do
			b=${cyc[b2_$p/$cpu]}
			# X25519: 255 ladder steps + inversion (254 S + 11 M) + the
			# final product; the NEON squarings/products are two-lane
			x=$(awk -v s="${cyc[x_${p}_step/$cpu]}" -v m="${cyc[x_${p}_mul/$cpu]}" \
				-v q="${cyc[x_${p}_sq/$cpu]}" 'BEGIN { printf "%.0f", 255 * s + 254 * q + 12 * m }')
			eval "b2_${p}_$c=$(awk -v b="$b" 'BEGIN { printf "%.2f", b / 64 }')"
			eval "x_${p}_$c=$x"
		done
	done
	# cycles per byte: region cycles / bytes the region handles
	cpb() { awk -v c="${cyc[$1/cortex-$2]}" -v n="$3" 'BEGIN { printf "%.2f", c / n }'; }
	for c in a53 a55 a72; do
		eval "c_generic_$c=$(cpb c_generic $c 64) c_neon_$c=$(cpb c_neon $c 256)"
		eval "c_neon5_$c=$(cpb c_neon5 $c 320) aead5_$c=$(cpb aead5 $c 320) aead4_$c=$(cpb aead4 $c 256)"
		# our two passes: the 4 + 1 ChaCha20 pass and the NEON Poly1305
		eval "two_$c=$(awk -v a="$(cpb c_neon5 $c 320)" -v b="$(cpb p_neon $c 128)" 'BEGIN { printf "%.2f", a + b }')"
		eval "p_generic_$c=$(cpb p_generic $c 16) p_neon_$c=$(cpb p_neon $c 128)"
		eval "p_scalar_$c=$(cpb p_scalar $c 16)"
	done
	row() {	# label variable-prefix
		eval "printf '%-34s %12s %12s %12s\n' \"\$1\" \$${2}_a53 \$${2}_a55 \$${2}_a72"
	}
	row "ChaCha20 generic, c/b (1 block)" c_generic
	row "ChaCha20 neon, c/b (4 blocks)" c_neon
	row "ChaCha20 neon, c/b (4 + 1 scalar)" c_neon5
	row "Poly1305 generic, c/b" p_generic
	row "Poly1305 arm64-scalar, c/b" p_scalar
	row "Poly1305 neon, c/b (8-block step)" p_neon
	row "ChaCha20 + Poly1305, two passes" two
	row "AEAD one pass, c/b (4 + 1, 20 MAC)" aead5
	row "AEAD one pass, c/b (4, 16 MAC)" aead4
	for p in generic neon; do
		row "BLAKE2s $p, cycles/byte (1 block)" b2_$p
		printf '%-34s %12s %12s %12s\n' "X25519 $p, ladder step" \
			"${cyc[x_${p}_step/cortex-a53]}" "${cyc[x_${p}_step/cortex-a55]}" \
			"${cyc[x_${p}_step/cortex-a72]}"
		printf '%-34s %12s %12s %12s\n' "X25519 $p, field mul" \
			"${cyc[x_${p}_mul/cortex-a53]}" "${cyc[x_${p}_mul/cortex-a55]}" \
			"${cyc[x_${p}_mul/cortex-a72]}"
		printf '%-34s %12s %12s %12s\n' "X25519 $p, field square" \
			"${cyc[x_${p}_sq/cortex-a53]}" "${cyc[x_${p}_sq/cortex-a55]}" \
			"${cyc[x_${p}_sq/cortex-a72]}"
		row "X25519 $p, one operation" x_$p
	done
	echo "  (NEON field mul/square: two products at once, one per 32-bit lane)"
	for c in a53 a55 a72; do
		eval "bench arm64-$c/chacha20 \$c_neon5_$c \$c_generic_$c mca-cycles/byte"
		eval "bench arm64-$c/poly1305 \$p_neon_$c \$p_generic_$c mca-cycles/byte"
		eval "bench arm64-$c/blake2s-block \$b2_neon_$c \$b2_generic_$c mca-cycles/byte"
		eval "bench arm64-$c/x25519 \$x_neon_$c \$x_generic_$c mca-cycles/op"
	done

	# The in-tree module's ChaCha20 and Poly1305 (arch/arm64/crypto of
	# Debian's linux-source-6.1) under the same llvm-mca 14, cycles/byte of
	# long input, as recorded once in the project's notes (arm-anchors.md);
	# not re-measured here. LLVM 14's A72 and A76 are its A57 model.
	declare -A kernel=(
		[a53/chacha20]=10.64 [a55/chacha20]=7.26 [a72/chacha20]=3.20
		[a53/poly1305-neon]=3.47 [a55/poly1305-neon]=1.75 [a72/poly1305-neon]=0.97
		[a53/poly1305-scalar]=2.56 [a55/poly1305-scalar]=2.56 [a72/poly1305-scalar]=1.26
	)
	kbench() {	# subject ours kernel
		awk -v s="$1" -v o="$2" -v k="$3" 'BEGIN {
			printf "%-34s %8s %8s %6.2f\n", s, o, k, k / o }'
		kb+=("$(awk -v s="$1" -v o="$2" -v k="$3" 'BEGIN {
			printf "BENCH %s ours=%s kernel=%s ratio=%.2f unit=mca-cycles/byte",
				s, o, k, k / o }')")
	}
	kb=()
	echo
	echo "beside the in-tree module's code (same model; ratio above 1: ours ahead)"
	printf '%-34s %8s %8s %6s\n' "" ours kernel ratio
	for c in a53 a55 a72; do
		# long inputs run the 4+1 pass (c_neon5), as the kernel's do
		eval "kbench arm64-$c/chacha20-neon \$c_neon5_$c ${kernel[$c/chacha20]}"
		eval "kbench arm64-$c/poly1305-neon \$p_neon_$c ${kernel[$c/poly1305-neon]}"
		eval "kbench arm64-$c/poly1305-scalar \$p_scalar_$c ${kernel[$c/poly1305-scalar]}"
		# the kernel's AEAD is its ChaCha20 then its Poly1305
		ks=$(awk -v a="${kernel[$c/chacha20]}" -v b="${kernel[$c/poly1305-neon]}" \
			'BEGIN { printf "%.2f", a + b }')
		eval "kbench arm64-$c/aead-onepass5 \$aead5_$c $ks"
		eval "kbench arm64-$c/aead-onepass4 \$aead4_$c $ks"
	done
	printf '%s\n' "${kb[@]}"
	echo "  (cortex-a76: LLVM 14 gives it the A72 (= A57) figures)"
	for c in a53 a55 a72; do
		for v in 5 4; do
			eval "awk -v o=\$aead${v}_$c -v t=\$two_$c -v s=arm64-$c/aead-onepass$v 'BEGIN {
				printf \"BENCH %s ours=%s two-pass=%s ratio=%.2f unit=mca-cycles/byte\\n\",
					s, o, t, t / o }'"
		done
	done
	awk -v o="$aead5_a72" -v k="$(awk -v a="${kernel[a72/chacha20]}" -v b="${kernel[a72/poly1305-neon]}" \
		'BEGIN { print a + b }')" 'BEGIN {
		printf "AEAD one pass (4 + 1) on the A72 model: %.2f of the kernel'"'"'s ChaCha20 + Poly1305 (issue goal: 0.85 or less)\n", o / k }'

	# A second estimate for the in-order cores, whose llvm-mca models put
	# the kernel's NEON code at 2.3-2.4x its published A53 figures: count
	# the loop's instructions, and bound its cycles by the issue limits an
	# A53/A55 has, one 128-bit NEON instruction a cycle and two
	# instructions a cycle in all (crypto/README says how it fares on
	# published figures).
	echo
	echo "in-order issue bound: max(NEON, all / 2) instructions per byte"
	printf '%-34s %8s %8s %8s\n' "" neon/B int/B bound
	declare -A ib
	for rb in c_generic:64 c_neon:256 c_neon5:320 p_generic:16 p_scalar:16 p_neon:128 aead5:320 aead4:256; do
		r=${rb%:*}
		ib[$r]=$(awk -v b="${rb#*:}" -v n="${neon[$r]}" -v a="${all[$r]}" 'BEGIN {
			x = n > a / 2 ? n : a / 2; printf "%.2f", x / b }')
		awk -v r="$r" -v b="${rb#*:}" -v n="${neon[$r]}" -v a="${all[$r]}" -v x="${ib[$r]}" 'BEGIN {
			printf "%-34s %8.2f %8.2f %8.2f\n", r, n / b, (a - n) / b, x
		}'
	done
	# The kernel's code by the same bound, from its structure (its source
	# is not ours to read; crypto/README): Poly1305 NEON about 90
	# instructions a 64-byte step, 1.41; ChaCha20 4 + 1 the same structure
	# as ours (1,250 NEON and 1,040 integer instructions a pass), so ours.
	kin_p=1.41
	kin_c=${ib[c_neon5]}
	ikb() {	# subject ours kernel
		awk -v s="$1" -v o="$2" -v k="$3" 'BEGIN {
			printf "BENCH arm64-inorder/%s ours=%s kernel=%s ratio=%.2f unit=issue-bound-cycles/byte\n",
				s, o, k, k / o }'
	}
	ikb chacha20-neon "${ib[c_neon5]}" "$kin_c"
	ikb poly1305-neon "${ib[p_neon]}" "$kin_p"
	for v in 5 4; do
		ikb aead-onepass$v "${ib[aead$v]}" "$(awk -v a="$kin_c" -v b="$kin_p" 'BEGIN { printf "%.2f", a + b }')"
		awk -v o="${ib[aead$v]}" -v v=$v -v t="$(awk -v a="${ib[c_neon5]}" -v b="${ib[p_neon]}" 'BEGIN { print a + b }')" 'BEGIN {
			printf "BENCH arm64-inorder/aead-onepass%s ours=%.2f two-pass=%.2f ratio=%.2f unit=issue-bound-cycles/byte\n",
				v, o, t, t / o }'
	done
	echo "  (kernel in-order figures: from its structure, not its code: see crypto/README)"
fi

if [ "$mode" != --mca-only ]; then
	bin=$tmp/arm64-counts
	"$cc" -static "${flags[@]}" "$top/tests/bench/crypto/arm64-counts.c" \
		"$top"/crypto/*.c "$top"/crypto/arm64/*.c "$top"/crypto/arm64/*.S -o "$bin"
	# instructions executed by the whole run: TB sizes from in_asm, one
	# count per TB execution (nochain logs every one)
	insns() {
		qemu-aarch64-static -d in_asm,exec,nochain -D "$tmp/q.log" "$bin" "$@" >/dev/null ||
			{ echo "arm64.sh: arm64-counts $* failed" >&2; exit 1; }
		python3 - "$tmp/q.log" <<'EOF'
import re, sys
size, total, pc, n = {}, 0, None, 0
for line in open(sys.argv[1], errors='replace'):
    if line.startswith('IN:'):
        pc, n = None, 0
    elif line.startswith('0x') and ':  ' in line:
        if pc is None:
            pc = int(line.split(':')[0], 16)
        n += 1
    elif line.strip() == '' and pc is not None:
        size[pc], pc = n, None
    elif line.startswith('Trace '):
        m = re.search(r'\[[0-9a-f]+/([0-9a-f]+)/', line)
        total += size.get(int(m.group(1), 16), 0)
print(total)
EOF
	}
	per_op() {	# subject path len count
		local a b
		a=$(insns "$1" "$2" "$3" 0)
		b=$(insns "$1" "$2" "$3" "$4")
		echo $(( (b - a) / $4 ))
	}
	echo
	echo "arm64 under qemu-aarch64: instructions executed per operation (counts, not times)"
	printf '%-26s %12s %12s %8s\n' "" generic neon ratio
	for len in 64 256 1420 16384; do
		n=$(( len > 1420 ? 4 : 20 ))
		g=$(per_op aead generic $len $n)
		v=$(per_op aead neon $len $n)
		awk -v l="$len" -v g="$g" -v v="$v" 'BEGIN {
			printf "%-26s %12d %12d %8.2f\n", "AEAD encrypt " l " B", g, v, g / v }'
		bench arm64-qemu/aead-encrypt-$len "$v" "$g" insns/op
		g=$(per_op blake2s generic $len $n)
		v=$(per_op blake2s neon $len $n)
		awk -v l="$len" -v g="$g" -v v="$v" 'BEGIN {
			printf "%-26s %12d %12d %8.2f\n", "BLAKE2s " l " B", g, v, g / v }'
		bench arm64-qemu/blake2s-$len "$v" "$g" insns/op
	done
	for s in x25519 x25519-base; do
		g=$(per_op $s generic 0 2)
		v=$(per_op $s neon 0 2)
		awk -v s="$s" -v g="$g" -v v="$v" 'BEGIN {
			printf "%-26s %12d %12d %8.2f\n", s, g, v, g / v }'
		bench arm64-qemu/$s "$v" "$g" insns/op
	done
	echo "  (instruction counts weigh a umlal like an add: the llvm-mca table is the estimate of speed)"

	# Whole AEAD operations: the instructions one encryption (decryption)
	# executes under qemu, in the order it executes them (branches as
	# nops, adrp as a move), given to llvm-mca as one straight line: the
	# key block, the AD, the tails and the tag included, which the loop
	# figures above leave out. From the second call of wg_chacha20_init64
	# (each operation calls it first) to the third; the first is the
	# driver's set-up.
	trace() {	# subject path len -> $tmp/trace.s
		qemu-aarch64-static -d in_asm,exec,nochain -D "$tmp/q.log" "$bin" "$1" "$2" "$3" 2 >/dev/null ||
			{ echo "arm64.sh: arm64-counts $* failed" >&2; exit 1; }
		python3 - "$tmp/q.log" > "$tmp/trace.s" <<'EOF'
import re, sys
tbs, cur, pc, order = {}, None, None, []
for line in open(sys.argv[1], errors='replace'):
    if line.startswith('IN:'):
        cur, pc = [], None
    elif line.startswith('0x') and ':  ' in line and cur is not None:
        a, rest = line.split(':', 1)
        pc = int(a, 16) if pc is None else pc
        f = rest.split(None, 1)
        cur.append(f[1].strip() if len(f) > 1 else '')
    elif line.strip() == '' and pc is not None:
        tbs[pc], cur, pc = cur, None, None
    elif line.startswith('Trace '):
        m = re.search(r'\[[0-9a-f]+/([0-9a-f]+)/[^\]]*\]\s*(\S*)', line)
        order.append((int(m.group(1), 16), m.group(2)))
first = next(p for p, s in order if s == 'wg_chacha20_init64')
at = [i for i, (p, s) in enumerate(order) if p == first]
br = re.compile(r'^(b|bl|br|blr|ret|b\.\w+|cbn?z|tbn?z)\b')
for p, s in order[at[-2]:at[-1]]:
    for ins in tbs[p]:
        if br.match(ins):
            print('nop')
        elif re.match(r'^adrp?\b', ins):
            print('movz ' + ins.split()[1].rstrip(',') + ', #0')
        else:
            print(ins)
EOF
	}
	echo
	echo "AEAD, whole operations (llvm-mca on the executed trace; cycles/byte)"
	printf '%-30s %10s %10s %10s %10s\n' "" cortex-a53 cortex-a55 cortex-a72 in-order
	declare -A op
	for subj in aead aead-dec; do
		for len in 64 256 1420; do
			for p in generic neon onepass4 onepass5; do
				trace "$subj" "$p" "$len"
				for cpu in cortex-a53 cortex-a55 cortex-a72; do
					op[$subj/$len/$p/$cpu]=$("$mca" -mtriple=aarch64 -mcpu=$cpu \
						-iterations=1 "$tmp/trace.s" 2>/dev/null |
						awk -v l="$len" '/^Total Cycles:/ {printf "%.2f", $3 / l}')
				done
				n=$(grep -cE '(v[0-9]+\.|\b[qd][0-9]+\b)' "$tmp/trace.s" || true)
				a=$(wc -l < "$tmp/trace.s")
				op[$subj/$len/$p/inorder]=$(awk -v n="$n" -v a="$a" -v l="$len" 'BEGIN {
					x = n > a / 2 ? n : a / 2; printf "%.2f", x / l }')
				printf '%-30s %10s %10s %10s %10s\n' "$subj $len B $p" \
					"${op[$subj/$len/$p/cortex-a53]}" "${op[$subj/$len/$p/cortex-a55]}" \
					"${op[$subj/$len/$p/cortex-a72]}" "${op[$subj/$len/$p/inorder]}"
			done
		done
	done
	echo "  (neon: NEON ChaCha20 and Poly1305 in two passes; onepass4/5: the same with the one-pass"
	echo "   AEAD path of 4 or 4 + 1 blocks a pass, used from 512/640 B; in-order: the issue bound"
	echo "   max(NEON, all / 2) of the trace)"
	for subj in aead aead-dec; do
		for len in 64 256 1420; do
			for m in a53:cortex-a53 a55:cortex-a55 a72:cortex-a72 inorder:inorder; do
				# ours: the path the module selects on that core
				o=onepass5
				[[ ${m%%:*} = a5[35] || ${m%%:*} = inorder ]] && o=onepass4
				awk -v s="arm64-${m%%:*}/$subj-$len" -v o="${op[$subj/$len/$o/${m#*:}]}" \
					-v t="${op[$subj/$len/neon/${m#*:}]}" -v g="${op[$subj/$len/generic/${m#*:}]}" 'BEGIN {
					printf "BENCH %s ours=%s two-pass=%s generic=%s ratio=%.2f unit=mca-cycles/byte\n",
						s, o, t, g, t / o }'
			done
		done
	done
fi

