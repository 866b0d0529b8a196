// One autocannon run in its own process; prints a JSON line {reqPerSec, total, durationSec, maxRssMb,
// cpuUs}. An optional 4th argument runs it with that many worker threads (`-w`). cpuUs: user + sys
// CPU of this process (all its threads) during the run alone, start-up excluded.
import autocannon from "autocannon";

const [url, connections, durationSec, workers] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5] ?? 0),
];
const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url,
  connections,
  duration: durationSec,
  pipelining: 1,
  ...(workers > 0 ? { workers } : {}),
});
const cpu = process.cpuUsage(cpuBefore);
const completed = result.requests.total;
console.log(
  JSON.stringify({
    reqPerSec: completed / result.duration,
    total: completed,
    errors: result.errors + result.non2xx,
    durationSec: result.duration,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuUs: cpu.user + cpu.system,
  }),
);
