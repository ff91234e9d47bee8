// Load generator in its own process (so the load never shares the measuring process's event loop):
//   node test/bench/lib/autocannon-child.mjs '<autocannon options as JSON>'
// Prints one JSON line: req/s, latency percentiles (ms), status counts, errors.
import autocannon from "autocannon";

const opts = JSON.parse(process.argv[2]);
const result = await autocannon({ ...opts, idReplacement: true });
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    max: result.latency.max,
    duration: result.duration,
    statusCodeStats: result.statusCodeStats,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
