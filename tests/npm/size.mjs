// Size budget of the wasm module: fails when its gzip size exceeds the budget. The target
// is "≤ 150 KB gzip", read strictly as 150,000 bytes (LEADLENS_WASM_GZIP_BUDGET_BYTES overrides).
// Size is deterministic for a given toolchain, so this is a test; timings never are.
// Usage: node size.mjs <file.wasm>
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2];
const budget = Number(process.env.LEADLENS_WASM_GZIP_BUDGET_BYTES ?? 150_000);
const bytes = readFileSync(file);
const gzip = gzipSync(bytes, { level: 9 }).length;
const kb = (n) => (n / 1000).toFixed(1);
console.log(`${file}: ${bytes.length} bytes raw (${kb(bytes.length)} KB), ${gzip} bytes gzip (${kb(gzip)} KB); budget ${kb(budget)} KB gzip`);
if (gzip <= budget) {
  console.log('size budget: ok');
} else {
  console.error(`size budget exceeded: ${gzip} bytes gzip > ${budget}`);
  process.exitCode = 1;
}
