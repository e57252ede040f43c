/* kindsql.c - see kindsql.h. */
#include "kindsql.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store_int.h"

enum { MAX_KINDS = 32, SQL_LEN = 512 };

static char texts[MAX_KINDS][KS_COUNT_OPS][SQL_LEN];
static char kind_of_text[MAX_KINDS * 80];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build_kind(int i, const struct kind_def *k)
{
	const char *cols = store_columns(k);
	snprintf(texts[i][KS_GET], SQL_LEN, "SELECT %s FROM %s WHERE id=?1", cols, k->table);
	snprintf(texts[i][KS_REF], SQL_LEN, "SELECT %s FROM %s WHERE ref=?1 COLLATE NOCASE ORDER BY deleted LIMIT 2",
		 cols, k->table);
	snprintf(texts[i][KS_DELETE], SQL_LEN, "DELETE FROM %s WHERE id=?1", k->table);
	if (k->cls == KC_RECORD) {
		snprintf(texts[i][KS_INSERT], SQL_LEN, "INSERT INTO %s(%s, ref, title) VALUES"
			 " (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)", k->table, cols);
		snprintf(texts[i][KS_UPDATE], SQL_LEN, "UPDATE %s SET owner=?2, rev=?3, tlp=?4, share=?5, share_with=?6,"
			 " created_at=?7, created_by=?8, updated_at=?9, updated_by=?10, deleted=?11, body=?12, ref=?13,"
			 " title=?14 WHERE id=?1", k->table);
	} else {
		snprintf(texts[i][KS_INSERT], SQL_LEN, "INSERT INTO %s(%s, ref, title) VALUES"
			 " (?1,?15,?2,?3,?7,?8,?9,?10,?11,?12,?13,?14)", k->table, cols);
		snprintf(texts[i][KS_UPDATE], SQL_LEN, "UPDATE %s SET owner=?2, rev=?3, updated_at=?9, updated_by=?10,"
			 " deleted=?11, body=?12, ref=?13, title=?14 WHERE id=?1", k->table);
	}
}

static void build(void)
{
	size_t len = 0;
	for (int i = 0; model_kinds[i].name && i < MAX_KINDS; i++) {
		build_kind(i, &model_kinds[i]);
		len += (size_t)snprintf(kind_of_text + len, sizeof kind_of_text - len, "%sSELECT '%s' FROM %s WHERE id=?1",
					i ? " UNION ALL " : "", model_kinds[i].name, model_kinds[i].table);
	}
}

const char *kind_sql(const struct kind_def *k, enum kind_sql_op op)
{
	pthread_once(&once, build);
	return texts[k - model_kinds][op];
}

const char *kind_sql_kind_of(void)
{
	pthread_once(&once, build);
	return kind_of_text;
}
