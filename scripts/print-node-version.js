// `npm test` says which Node runs it: the action runs on node24, so the tests must too.
const major = Number(process.versions.node.split(".")[0]);
console.log(`perf-gate tests on Node ${process.version} (${process.execPath})`);
if (major < 24) {
  console.error(
    "expected Node >= 24 (the node@24 devDependency puts it on the PATH of npm scripts); run `npm ci` first",
  );
  process.exit(1);
}
