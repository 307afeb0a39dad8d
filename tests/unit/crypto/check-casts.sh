#!/bin/bash
# No crypto source may cast a pointer to a type wider than a byte: such a
# pointer almost always points at caller memory (a packet, a key), which has
# no alignment, and an access through it is undefined behaviour in C; a
# compiler may then assume alignment (32-bit arm NEON can emit alignment
# hints that fault). Byte loads (vld1q_u8, memcpy, get_unaligned_le32) and
# reinterpret casts of registers are the way.
#
# This check exists beside the UBSan builds because GCC's UBSan sees only
# some of these accesses: on aarch64 it reports vld1q_u32/vst1q_u32 through
# such a pointer, but not vld2q_u64 or vld4q_u32, and on 32-bit arm none.
#
# A cast to a wider type on memory the code owns and declared with that type
# may stay, with "wg-cast-ok: <why>" in a comment on the same line.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
wide='(u16|u32|u64|s16|s32|s64|__le16|__le32|__le64|__be16|__be32|__be64'
wide+='|u?int(16|32|64)_t|(unsigned +)?(short|int|long|long +long)'
wide+='|__m(64|128|256|512)i?|u?int(8|16|32|64)x[0-9]+(x[0-9]+)?_t'
wide+='|wg_v[0-9a-z_]*|v[24])'
pattern="\\( *(const +)?(volatile +)?$wide *(const +)?\\* *\\)"
if hits=$(grep -rnE --include='*.c' --include='*.h' "$pattern" "$top/crypto" |
	  grep -v 'wg-cast-ok:'); then
	echo "FAIL: pointer casts to a wider type in crypto/ (see $0):"
	echo "$hits" | sed "s|$top/||"
	exit 1
fi
echo "crypto casts: no pointer cast to a wider type"
