// The benchmarks' peer: the Argdown CLI's own pipeline (parse, model, map, DOT) on one file,
// timed inside Node so that Node's start-up and module loading do not count.
// Usage: NODE_PATH=.ci/node/node_modules node benchmarks/argdown_peer.js FILE.argdown [REPEAT]
"use strict";
const fs = require("fs");
const { argdown } = require("@argdown/node");

const [file, repeatArg] = process.argv.slice(2);
const input = fs.readFileSync(file, "utf8");
const repeat = Math.max(1, parseInt(repeatArg || "3", 10));
const steps = ["parse-input", "build-model", "build-map", "colorize", "export-dot"];

(async () => {
  const times = [];
  let result = null;
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    result = await argdown.runAsync({ input, process: steps, logLevel: "error" });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const errors = (result.parserErrors || []).length;
  if (errors) {
    console.error(`${errors} Argdown parser errors`);
    process.exit(1);
  }
  console.log(JSON.stringify({
    median_seconds: times[Math.floor(times.length / 2)],
    statements: Object.keys(result.statements || {}).length,
    dot_bytes: (result.dot || "").length,
  }));
})().catch((error) => {
  console.error(String(error && error.stack || error));
  process.exit(1);
});
