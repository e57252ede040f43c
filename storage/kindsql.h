/* kindsql.h - the SQL text of the per-kind statements, made once from the model so that the
 * store can prepare each statement once per connection (store_stmt) instead of once per call. */
#ifndef PORTOPS_KINDSQL_H
#define PORTOPS_KINDSQL_H

#include "model.h"

enum kind_sql_op {
	KS_GET,    /* the columns of store_columns(k) of the row with id ?1 */
	KS_REF,    /* the same, of the rows whose ref is ?1 (case-insensitive), live ones first, 2 at most */
	KS_INSERT, /* insert a row: ?1 id ?2 owner ?3 rev ?4 tlp ?5 share ?6 share_with ?7 created_at
		    * ?8 created_by ?9 updated_at ?10 updated_by ?11 deleted ?12 body ?13 ref ?14 title
		    * ?15 parent (children) */
	KS_UPDATE, /* update the row ?1 with the same numbering (children keep parent and creation) */
	KS_DELETE, /* delete the row with id ?1 */
	KS_COUNT_OPS,
};

/* The SQL of op for kind k; static text, valid for the life of the program. */
const char *kind_sql(const struct kind_def *k, enum kind_sql_op op);
/* One statement that returns the kind name of the record with id ?1, whatever its table. */
const char *kind_sql_kind_of(void);

#endif
