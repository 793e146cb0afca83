// Reading a lead's fields the way leadlens does, shared by the two alternatives
// (handwritten.mjs, rules-engine.mjs): they differ in how they score, not in how they read CRM
// data, so the lenient readers and the vocabulary of codes live here once.

export const DAY = 86_400_000;

// Lowercase words, "V.P." → "vp", "I'm" → "im", everything else splits words.
export const words = (text) =>
  text.toLowerCase().replace(/[.'’]/g, '').split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean).join(' ');

export const sentences = (text) =>
  text.split(/(?<=[.!?])(?=\s|$)|[\r\n]/).map((s) => s.trim()).filter(Boolean);

// Event and form types as CRMs write them ("Demo Request", "PAGE-VIEW") → the model's codes.
export const typeKey = (type) => type.trim().split(/[ _-]+/).filter(Boolean).join('_').replace(/[A-Z]+/g, (c) => c.toLowerCase());

// CRM exports: "", "  " and null all mean unknown; ids and phones sometimes arrive as numbers.
export const str = (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' && v.trim() ? v.trim() : null);

// "1,200", "$48M", "1.2B", "10000+", and HubSpot's "51-200" buckets (the midpoint).
export function num(v) {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v.trim()) return null;
  const range = v.match(/^\s*([^-–]+)[-–](.+)$/);
  if (range) return Math.floor((num(range[1]) + num(range[2])) / 2);
  const m = v.trim().match(/^[$€£]?\s*([\d,_ ]*\.?\d*)\s*([kmb])?\+?$/i);
  if (!m) return null;
  const scale = { k: 1e3, m: 1e6, b: 1e9 }[m[2]?.toLowerCase()] ?? 1;
  return Number(m[1].replace(/[,_ ]/g, '')) * scale;
}

// A domain and its parents: mail.yahoo.com, yahoo.com, com.
export const parents = (domain) => domain.split('.').map((_, i, labels) => labels.slice(i).join('.'));

export const normalizeDomain = (raw) =>
  raw.trim().toLowerCase().replace(/^[a-z]*:\/\//, '').split(/[/?#:]/)[0].replace(/^.*@/, '')
    .replace(/^www\./, '').replace(/\.+$/, '');

export const EMAIL = /^(?!\.)(?!.*\.\.)[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)@(?:(?!-)[\p{L}\p{M}\p{N}-]{1,63}(?<!-)\.)+[\p{L}\p{M}]{2,}$/u;

// ISO 3166-1 alpha-2: two letters are a country only when assigned ("UK", "EU" and "XX" are not),
// plus XK (Kosovo); "NA" is Namibia only for a firm that serves it, and "not available" otherwise.
export const ISO_CODES = new Set('ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSXKYEYTZAZMZW'.match(/../g));
