/**
 * Forms benchmark: valid customer_satisfaction submissions per second through CompiledForm.process(…,
 * { mode: 'final' }) beside plain ajv validate() on the same data schema, in the same process; and the cold
 * compile time of the form. Pure, no database.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register test/bench/forms/validate.ts
 *
 * BENCH_DOCS (200000) submissions per round, best of BENCH_ROUNDS (5) rounds per path, rounds interleaved
 * so both paths see the same machine. process() does more than ajv: it copies the known fields, decides the
 * conditional field (nps <= 6) and recomputes the overall score formula; a variant of the form without
 * formulas shows what that costs. Prints a Markdown table.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CUSTOMER_SATISFACTION_FORM, compileForm, type FormDocument } from '@keyscore/forms';

const DOCS = Number(process.env.BENCH_DOCS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** mulberry32: the same data on every run. */
let seed = 20260401;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const ROLES = ['procurement', 'engineering', 'management', 'finance', 'business', 'other'];
const TOPICS = ['product', 'pricing', 'delivery', 'technical', 'after_sales', 'training', 'billing'];

/** A valid 15-field submission, overall already right so plain ajv sees the same document. */
function submission(): Record<string, unknown> {
  const s = int(1, 5);
  const p = int(1, 5);
  const r = int(1, 5);
  const nps = int(0, 10);
  const doc: Record<string, unknown> = {
    service_quality: s,
    product_quality: p,
    response_speed: r,
    overall: Math.round(((s + p + r) / 3) * 100) / 100,
    experience: {
      delivery: int(1, 5),
      communication: int(1, 5),
      expertise: int(1, 5),
      after_sales: int(1, 5),
    },
    topics: [...new Set([pick(TOPICS), pick(TOPICS)])],
    last_visit: `2026-0${int(1, 9)}-1${int(0, 9)}`,
    nps,
    renew_intent: pick(['certain', 'likely', 'unsure', 'unlikely', 'no']),
    comments: '整体合作顺畅，希望交付周期再缩短一些。',
    contact_role: pick(ROLES),
    contact_name: '陈晓',
    contact_email: `c${int(1, 999)}@example.cn`,
    preferred_channel: pick(['phone', 'wechat', 'email', 'visit']),
    follow_up: rnd() < 0.5,
  };
  if (nps <= 6) doc.improve = '报价速度可以更快。';
  return doc;
}

function time(run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function withoutFormulas(doc: FormDocument): FormDocument {
  const copy = structuredClone(doc);
  for (const s of copy.layout.sections) {
    for (const f of s.fields as { visibleWhen?: string; compute?: string }[]) {
      delete f.visibleWhen;
      delete f.compute;
    }
  }
  return copy;
}

function main(): void {
  const coldMs = time(() => compileForm(CUSTOMER_SATISFACTION_FORM));
  const warmMs = time(() => compileForm(CUSTOMER_SATISFACTION_FORM));
  const form = compileForm(CUSTOMER_SATISFACTION_FORM, 'customer_satisfaction@1');
  const plain = compileForm(withoutFormulas(CUSTOMER_SATISFACTION_FORM));

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(structuredClone(CUSTOMER_SATISFACTION_FORM.dataSchema));

  const docs = Array.from({ length: DOCS }, submission);
  // Everything must be valid on every path, or the numbers compare different work.
  for (const d of docs.slice(0, 2000)) {
    if (!validate(d)) throw new Error(`ajv: ${JSON.stringify(validate.errors)}`);
    const r = form.process(d, { mode: 'final' });
    if (!r.ok) throw new Error(`process: ${JSON.stringify(r.errors)}`);
  }

  const paths: { name: string; run: () => void }[] = [
    {
      name: 'plain ajv validate()',
      run: () => {
        let ok = 0;
        for (const d of docs) if (validate(d)) ok++;
        if (ok !== DOCS) throw new Error('invalid');
      },
    },
    {
      name: 'CompiledForm.process(final)',
      run: () => {
        let ok = 0;
        for (const d of docs) if (form.process(d, { mode: 'final' }).ok) ok++;
        if (ok !== DOCS) throw new Error('invalid');
      },
    },
    {
      name: 'process(final), form without formulas',
      run: () => {
        let ok = 0;
        for (const d of docs) if (plain.process(d, { mode: 'final' }).ok) ok++;
        if (ok !== DOCS) throw new Error('invalid');
      },
    },
  ];
  const best = paths.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    paths.forEach((p, i) => (best[i] = Math.min(best[i], time(p.run))));
  }

  const rate = (ms: number) => Math.round(DOCS / (ms / 1000));
  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(
    `\nForms: ${fmt(DOCS)} valid customer_satisfaction submissions (15 fields), best of ${ROUNDS} rounds\n`,
  );
  console.log('| path | ms | docs/s | vs plain ajv |');
  console.log('| --- | ---: | ---: | ---: |');
  paths.forEach((p, i) => {
    console.log(
      `| ${p.name} | ${best[i].toFixed(1)} | ${fmt(rate(best[i]))} | ${(best[0] / best[i]).toFixed(2)}× |`,
    );
  });
  console.log(`| compileForm(customer_satisfaction), cold | ${coldMs.toFixed(1)} | | |`);
  console.log(`| compileForm(customer_satisfaction), warm (no cache key) | ${warmMs.toFixed(1)} | | |`);
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}`);
}

main();
