// Size budget of the wasm module: fails when the gzip size exceeds the budget (default 150 KiB,
// the issue target; LEADLENS_WASM_GZIP_BUDGET_KB overrides). Usage: node size.mjs <file.wasm>
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2];
const budgetKiB = Number(process.env.LEADLENS_WASM_GZIP_BUDGET_KB ?? 150);
const bytes = readFileSync(file);
const gzip = gzipSync(bytes, { level: 9 }).length;
const kib = (n) => (n / 1024).toFixed(1);
console.log(`${file}: ${bytes.length} bytes raw (${kib(bytes.length)} KiB), ${gzip} bytes gzip (${kib(gzip)} KiB); budget ${budgetKiB} KiB gzip`);
if (gzip <= budgetKiB * 1024) {
  console.log("size budget: ok");
} else {
  console.error(`size budget exceeded: ${kib(gzip)} KiB gzip > ${budgetKiB} KiB`);
  process.exitCode = 1;
}
