/* ident.h - identifier validators (ISO 6346, IMO, MMSI, UN/LOCODE, codes, UUID, times).
 *
 * Every function takes the text as typed (spaces allowed where the identifier's display form has
 * them), writes the normalised form into out (NUL-terminated, truncated to outlen) and returns 0
 * when valid; otherwise returns -1 and writes a one-line reason, in English, into why (may be
 * NULL). Nothing here touches the store: port and MID look-ups are done by the caller. */
#ifndef PORTOPS_IDENT_H
#define PORTOPS_IDENT_H

#include <stddef.h>

/* ISO 6346: owner code (3 letters), category (U, J, Z), 6-digit serial, check digit.
 * *expected (may be NULL) receives the computed check digit, or -1 when the format is wrong. */
int ident_container(const char *in, char *out, size_t outlen, int *expected, char *why, size_t whylen);
/* Returns the ISO 6346 check digit (0-9) of the first 10 characters of s, or -1. */
int ident_container_digit(const char *s);
/* "IMO" (optional, any case, optional space) + 7 digits with a valid check digit; out is "IMO1234567".
 * *expected as above. */
int ident_imo(const char *in, char *out, size_t outlen, int *expected, char *why, size_t whylen);
/* Nine digits. *mid (may be NULL) receives the MID (first three significant digits) and *station
 * the station kind: 's' ship (MID+6), 'g' group (0+MID+5), 'c' coast (00+MID+4), or 'o' for
 * any other nine digits (other station kinds, e.g. leading 1, 8 or 9), with *mid 0. */
int ident_mmsi(const char *in, char *out, size_t outlen, int *mid, char *station, char *why, size_t whylen);
/* UN/LOCODE "PECLL" or "PE CLL" (case-insensitive input, upper-case out). */
int ident_locode(const char *in, char *out, size_t outlen, char *why, size_t whylen);
/* ISO 3166-1 alpha-2 shape: two letters A-Z (upper-case out). */
int ident_country(const char *in, char *out, size_t outlen, char *why, size_t whylen);
/* Agency code: 2 to 16 characters of A-Z, 0-9 and '-', starting with a letter (upper-case out). */
int ident_agency(const char *in, char *out, size_t outlen, char *why, size_t whylen);
/* Lower-case UUID "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (upper-case input accepted). */
int ident_uuid(const char *in, char *out, size_t outlen, char *why, size_t whylen);
/* UTC time "YYYY-MM-DDTHH:MM:SSZ" with a real calendar date. */
int ident_time(const char *in, char *out, size_t outlen, char *why, size_t whylen);
/* Date "YYYY-MM-DD" with a real calendar date. */
int ident_date(const char *in, char *out, size_t outlen, char *why, size_t whylen);
/* Dispatch on enum field_check (model.h): CK_NONE copies in unchanged and returns 0;
 * CK_PLACE accepts a UN/LOCODE or a country code. */
int ident_check(int check, const char *in, char *out, size_t outlen, char *why, size_t whylen);

/* What ident_guess recognised. */
enum ident_kind { ID_UNKNOWN, ID_CONTAINER, ID_IMO, ID_MMSI, ID_LOCODE };
/* Guesses which identifier value looks like from its shape alone (valid or not). */
enum ident_kind ident_guess(const char *in);

#endif
