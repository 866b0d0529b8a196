// One autocannon run in its own process; prints a JSON line {reqPerSec, total, durationSec, maxRssMb}.
import autocannon from "autocannon";

const [url, connections, durationSec] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const result = await autocannon({ url, connections, duration: durationSec, pipelining: 1 });
const completed = result.requests.total;
console.log(
  JSON.stringify({
    reqPerSec: completed / result.duration,
    total: completed,
    errors: result.errors + result.non2xx,
    durationSec: result.duration,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
