// scripts/wasm-base64.mjs: the panel's wasm travels as a base64 script web resource (Dynamics
// has no .wasm web resource type); what the module gives back must be the package's bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

test('the generated module decodes to the package\'s panel wasm, byte for byte', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadlens-wasm-'));
  try {
    const out = path.join(dir, 'leadlens_panel_wasm_base64.js');
    const log = execFileSync(process.execPath, [path.join(here, '..', 'scripts', 'wasm-base64.mjs'), '--out', out], { encoding: 'utf8' });
    assert.match(log, /bytes of wasm as \d+ characters of base64/);
    const source = readFileSync(out, 'utf8');
    assert.match(source, /^[\x09\x0a\x20-\x7e]*$/, 'plain ASCII, safe to store as a text web resource');
    const original = readFileSync(require.resolve('leadlens/leadlens_panel_wasm_bg.wasm'));
    const generated = await import(pathToFileURL(out).href);
    const bytes = generated.wasmBytes();
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes.length, original.length);
    assert.ok(Buffer.from(bytes).equals(original));
    assert.equal(generated.sha256, createHash('sha256').update(original).digest('hex'));
    assert.equal(generated.leadlensVersion, JSON.parse(readFileSync(require.resolve('leadlens/package.json'), 'utf8')).version);
    // The same exports as the wasm-bindgen module the panel instantiates.
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    assert.ok(exports.includes('memory'));
    assert.ok(exports.some((name) => name.startsWith('panelview_')), 'the panel view is in this module');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not wasm is refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadlens-wasm-'));
  try {
    assert.throws(
      () => execFileSync(process.execPath, [path.join(here, '..', 'scripts', 'wasm-base64.mjs'), '--wasm', path.join(here, '..', 'package.json'), '--out', path.join(dir, 'x.js')], { stdio: 'pipe' }),
      /is not a WebAssembly module/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
