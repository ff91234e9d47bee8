// Number formats shared by the report sections.
import { fmt } from "./stats.mjs";

export const MiB = (kib) => (Number.isFinite(kib) ? `${fmt(kib / 1024, 0)} MiB` : "n/a");
export const ms = (x) => (Number.isFinite(x) ? `${fmt(x, x < 10 ? 1 : 0)} ms` : "n/a");
export const ratio = (x) => (Number.isFinite(x) ? `${fmt(x, x < 0.1 ? 3 : 2)}×` : "n/a");
export const verdict = (passed) => (passed ? "**passed**" : "**FAILED**");
