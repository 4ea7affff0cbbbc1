// Passwords never reach a log line or an error message: every text that may
// hold a connection URL goes through maskSecrets first.

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/gi;
const KEY_VALUE_SECRETS = /\b(password|passwd|pwd|secret|token)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;

export function maskSecrets(text: string): string {
  return text.replace(URL_CREDENTIALS, "$1***$3").replace(KEY_VALUE_SECRETS, "$1$2***");
}
