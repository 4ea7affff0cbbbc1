// ESLint rule: no import circles among the project's own files, type-only
// imports included (eslint-plugin-import's no-cycle skips those, but a type
// import still ties two files together: neither can move without the other).
// The import graph is read once per lint run with TypeScript's own import
// scanner; each file in a circle is reported with the circle it is in.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE_DIRS = ["app", "components", "lib", "ops", "bench", "test", "e2e"];
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name)) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  for (const name of readdirSync(ROOT)) if (/\.tsx?$/.test(name)) files.push(path.join(ROOT, name));
  return files;
}

function resolve(from, specifier) {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const ext of ["", ...EXTENSIONS]) {
    const candidate = base + ext;
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Tarjan's strongly connected components: every circle of two files or more. */
function circles(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const found = [];
  const visit = (node) => {
    info.set(node, { index, low: index, onStack: true });
    index += 1;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!info.has(next)) {
        visit(next);
        info.get(node).low = Math.min(info.get(node).low, info.get(next).low);
      } else if (info.get(next).onStack) info.get(node).low = Math.min(info.get(node).low, info.get(next).index);
    }
    if (info.get(node).low === info.get(node).index) {
      const component = [];
      for (let member = stack.pop(); ; member = stack.pop()) {
        info.get(member).onStack = false;
        component.push(member);
        if (member === node) break;
      }
      if (component.length > 1) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!info.has(node)) visit(node);
  return found;
}

let cached = null;
function circleOf(file) {
  if (!cached) {
    const graph = new Map();
    for (const source of sourceFiles()) {
      const { importedFiles } = ts.preProcessFile(readFileSync(source, "utf8"), true, true);
      graph.set(source, [...new Set(importedFiles.map((i) => resolve(source, i.fileName)).filter(Boolean))]);
    }
    cached = new Map();
    for (const circle of circles(graph)) for (const member of circle) cached.set(member, circle);
  }
  return cached.get(file) ?? null;
}

export const noImportCycle = {
  meta: {
    type: "problem",
    docs: { description: "Forbid import circles between the project's files, type-only imports included" },
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const circle = circleOf(path.resolve(context.filename));
        if (!circle) return;
        const names = circle.map((f) => path.relative(ROOT, f)).sort();
        context.report({
          node,
          message: `This file is in an import circle (type-only imports count): ${names.join(" → ")}`,
        });
      },
    };
  },
};
