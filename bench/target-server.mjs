// A bench target in its own process: answers every request with a small JSON body after
// DELAY_MS (0 = at once). Prints its port on stdout once listening.
import http from "node:http";

const delayMs = Number(process.env.DELAY_MS ?? 0);
const body = Buffer.from('{"ok":true}');
const server = http.createServer((req, res) => {
  req.resume();
  const reply = () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  };
  if (delayMs > 0) setTimeout(reply, delayMs);
  else reply();
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
