// Passwords never reach a log line or an error message: every text that may
// hold a connection URL goes through maskSecrets first.

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi;
const KEY_VALUE_SECRETS = /\b(password|passwd|pwd|secret|token)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;

/** Dollar-quoted bodies ($$ … $$, $tag$ … $tag$) and quoted strings ('…', E'…', with '' inside). */
const SQL_DOLLAR_QUOTED = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;
const SQL_QUOTED = /[EeBbXxUu]?&?'(?:[^']|'')*'/g;

/** A statement's text with each string literal replaced by `mark`: its shape, never a value typed into it. */
export const maskSqlLiterals = (text: string, mark: string): string =>
  text.replace(SQL_DOLLAR_QUOTED, mark).replace(SQL_QUOTED, mark);

export function maskSecrets(text: string): string {
  return text.replace(URL_CREDENTIALS, "$1***$3").replace(KEY_VALUE_SECRETS, "$1$2***");
}
