// Lets a plain Node process (a test fixture) import components that use CSS
// modules, as Next's server build does: `styles.name` is the class name itself.
// Use: node --import tsx --import ./test/css-modules.mjs fixture.tsx
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
export async function load(url, context, next) {
  if (!url.endsWith(".css")) return next(url, context);
  return {
    format: "module",
    shortCircuit: true,
    source: "export default new Proxy({}, { get: (_, name) => String(name) });",
  };
}`)}`,
);
