// Names put into SQL text (tables, indexes, columns, databases): always quoted,
// with embedded quotes doubled, so any name Postgres allows is safe.
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A text value put into SQL text (DDL takes no parameters), with embedded quotes doubled. */
export const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** schema.name, both quoted. */
export const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
