#!/usr/bin/env node
// The import graph of src/: fails on any cycle, and on any arrow from the bottom layer (src/env.ts, src/lib/**,
// src/db/**) into a family folder. Type-only imports count: a type names what a module depends on just as a
// value does. Usage: node scripts/check-imports.mjs [--print]
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/** The folders directly under src/ that hold one API family or a piece above the bottom layer. */
const FAMILIES = ["auth", "edc", "flask", "commcare", "scope", "downloads", "seed"];

function isBottom(file) {
  return file === "src/env.ts" || file.startsWith("src/lib/") || file.startsWith("src/db/");
}

function familyOf(file) {
  const top = file.split("/")[1];
  return FAMILIES.includes(top) ? top : undefined;
}

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (/\.(ts|mts|tsx)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

// Static imports and re-exports (`import ... from`, `export ... from`, bare `import "x"`) and `import("x")`
// in types or dynamic imports. Comments are stripped first so an example in prose is not an edge.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

function resolveSpecifier(fromFile, spec) {
  if (!spec.startsWith(".")) return undefined; // a package
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.mts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(root, fromFile)}: cannot resolve "${spec}"`);
}

export function buildGraph() {
  const graph = new Map();
  for (const file of listTs(src)) {
    const text = stripComments(readFileSync(file, "utf8"));
    const targets = new Set();
    for (const match of text.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(file, match[1]);
      if (target) targets.add(relative(root, target));
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
export function cycles(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indexOf.get(next)));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node);
  return found;
}

export function upwardArrows(graph) {
  const arrows = [];
  for (const [from, targets] of graph) {
    if (!isBottom(from)) continue;
    for (const to of targets) if (familyOf(to)) arrows.push(`${from} -> ${to}`);
  }
  return arrows.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = buildGraph();
  if (process.argv.includes("--print")) for (const [from, to] of graph) for (const t of to) console.log(`${from} -> ${t}`);
  const circles = cycles(graph);
  const arrows = upwardArrows(graph);
  for (const circle of circles) console.error(`cycle of ${circle.length} files: ${circle.join(", ")}`);
  for (const arrow of arrows) console.error(`bottom layer imports a family: ${arrow}`);
  const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
  if (circles.length || arrows.length) {
    console.error(`FAIL: ${circles.length} cycle(s), ${arrows.length} upward import(s) in ${graph.size} files`);
    process.exit(1);
  }
  console.log(`import graph: ${graph.size} files, ${edges} imports, no cycle, bottom layer imports no family`);
}
