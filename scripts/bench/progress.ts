/** One progress bar line on stderr (redrawn in place on a TTY, one line per step otherwise). */
export function progress(done: number, total: number, t0: number, label: string): void {
  const width = 30;
  const frac = total ? Math.min(1, done / total) : 1;
  const full = Math.round(frac * width);
  const line =
    `[${"#".repeat(full)}${".".repeat(width - full)}] ${String(Math.floor(frac * 100)).padStart(3)}% ` +
    `${done}/${total} ${label} ${((performance.now() - t0) / 1000).toFixed(1)}s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? "\n" : ""}`);
  else process.stderr.write(`${line}\n`);
}
