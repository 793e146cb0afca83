// Size budgets of the wasm bundles: fails when a bundle's gzip size exceeds its budget. Size is
// deterministic for a given toolchain, so this is a test; timings never are.
//   leadlens_wasm_bg.wasm        the scoring API: "≤ 150 KB gzip", read strictly as 150,000 bytes
//   leadlens_panel_wasm_bg.wasm  scoring + <leadlens-panel> (DOM, host, outbox): 200,000 bytes
//   leadlens_form_wasm_bg.wasm   scoring + FormSession (live forms on landing pages): 175,000 bytes
//   leadlens_report_wasm_bg.wasm scoring + report + calibrate (the dashboard): 266,000 bytes
// Usage: node size.mjs <file.wasm> <budget bytes> [<file.wasm> <budget bytes> …]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node size.mjs <file.wasm> <budget bytes> [...]');
  process.exit(2);
}
const kb = (n) => (n / 1000).toFixed(1);
for (let i = 0; i < args.length; i += 2) {
  const file = args[i];
  const budget = Number(args[i + 1]);
  const bytes = readFileSync(file);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  console.log(
    `${basename(file)}: ${bytes.length} bytes raw (${kb(bytes.length)} KB), ${gzip} bytes gzip (${kb(gzip)} KB); budget ${kb(budget)} KB gzip`,
  );
  if (gzip <= budget) {
    console.log('size budget: ok');
  } else {
    console.error(`size budget exceeded: ${basename(file)} ${gzip} bytes gzip > ${budget}`);
    process.exitCode = 1;
  }
}
