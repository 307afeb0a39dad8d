/* SPDX-License-Identifier: GPL-2.0 */
/* What udpfuzz.c shares with its other subcommands (noisepeer.c). */
#ifndef UF_UDPFUZZ_H
#define UF_UDPFUZZ_H
#include <netinet/in.h>
#include <stdint.h>

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void put32(uint8_t *p, uint32_t v);
uint32_t get32(const uint8_t *p);
/* base64 (44 characters) to 32 bytes, or die quoting it */
void parse_key(const char *s, uint8_t key[32]);
/* IPv4:PORT, or die quoting it */
void parse_target(const char *s, struct sockaddr_in *sa);

/* udpfuzz peer (noisepeer.c) */
int cmd_peer(int argc, char **argv);
#endif
