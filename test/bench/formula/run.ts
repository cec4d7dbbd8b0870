/**
 * Formula benchmark: keyscore (row and columnar) against hand-written TypeScript and the peers
 * (mathjs, @formulajs/formulajs through a hand-built call tree, filtrex, jsonata) on the same generated
 * rows, in one process. Run with `npm run bench:formula`. Prints a Markdown table.
 *
 * Throughput is the best of several timed rounds after a warm-up; ratios are against the hand-written
 * TypeScript over the same row objects (the limit the issue sets). jsonata is asynchronous and slow,
 * so it runs on fewer rows, as the table says.
 */
import * as formulajs from '@formulajs/formulajs';
import { compileExpression } from 'filtrex';
import jsonata from 'jsonata';
import * as mathjs from 'mathjs';
import {
  DEFAULT_LIMITS,
  Table,
  Value,
  aggregate,
  check,
  compile,
  compileUncached,
  evaluateColumns,
  groupBy,
  sameValue,
  tableFromRows,
} from '@keyscore/formula';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const JSONATA_ROWS = 5_000;
const GROUPS = 1000;
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

type Row = {
  revenue: number;
  lastRevenue: number;
  target: number;
  cost: number;
  satisfaction: number;
  repeatOrders: number;
  orders: number;
  marketShare: number;
  account: string;
};

/** Deterministic data (mulberry32), so every run measures the same rows. */
function generate(n: number): Row[] {
  let seed = 42;
  const rnd = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const orders = 1 + Math.floor(rnd() * 200);
    rows.push({
      revenue: Math.round(rnd() * 2_000_000) / 100,
      lastRevenue: 1 + Math.round(rnd() * 1_800_000) / 100,
      target: 1000 + Math.round(rnd() * 1_500_000) / 100,
      cost: Math.round(rnd() * 1_000_000) / 100,
      satisfaction: Math.round(rnd() * 1000) / 10,
      repeatOrders: Math.floor(rnd() * orders),
      orders,
      marketShare: Math.round(rnd() * 600) / 1000,
      account: `acct-${Math.floor(rnd() * GROUPS)}`,
    });
  }
  return rows;
}

let sink = 0;
function consume(v: unknown): void {
  if (typeof v === 'number') sink += v === v ? 1 : 0;
  else if (v !== undefined) sink++;
}

/** Best rows/s over several rounds of at least ROUND_MS each. */
function measure(rows: number, fn: () => void): number {
  fn(); // warm-up
  fn();
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let iterations = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    do {
      fn();
      iterations++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed * 1000 < ROUND_MS);
    best = Math.max(best, (rows * iterations) / elapsed);
  }
  return best;
}

async function measureAsync(rows: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  let best = 0;
  for (let r = 0; r < 3; r++) {
    let iterations = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    do {
      await fn();
      iterations++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed * 1000 < ROUND_MS);
    best = Math.max(best, (rows * iterations) / elapsed);
  }
  return best;
}

type Fn = (r: Row) => unknown;

interface Workload {
  name: string;
  formula: string;
  kind: 'row' | 'aggregate' | 'group';
  hand: (rows: Row[]) => unknown;
  mathjs?: string;
  formulajs?: Fn | ((rows: Row[]) => unknown);
  filtrex?: string;
  jsonata?: string;
}

const F = formulajs as unknown as Record<string, (...a: unknown[]) => unknown>;

/** formulajs has no operators, so the call tree does arithmetic in small closures and calls formulajs functions. */
const ft = {
  field:
    (k: keyof Row): Fn =>
    (r) =>
      r[k],
  num:
    (x: number): Fn =>
    () =>
      x,
  sub:
    (a: Fn, b: Fn): Fn =>
    (r) =>
      (a(r) as number) - (b(r) as number),
  add:
    (a: Fn, b: Fn): Fn =>
    (r) =>
      (a(r) as number) + (b(r) as number),
  mul:
    (a: Fn, b: Fn): Fn =>
    (r) =>
      (a(r) as number) * (b(r) as number),
  div:
    (a: Fn, b: Fn): Fn =>
    (r) => {
      const d = b(r) as number;
      return d === 0 ? '#DIV/0!' : (a(r) as number) / d;
    },
  gte:
    (a: Fn, b: Fn): Fn =>
    (r) =>
      (a(r) as number) >= (b(r) as number),
  call:
    (name: string, ...args: Fn[]): Fn =>
    (r) =>
      F[name](...args.map((a) => a(r))),
};

const ratio = ft.div(ft.field('revenue'), ft.field('target'));

const WORKLOADS: Workload[] = [
  {
    name: 'growth',
    formula: '(revenue - lastRevenue) / lastRevenue',
    kind: 'row',
    hand: (rows) => {
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        out[i] = (r.revenue - r.lastRevenue) / r.lastRevenue;
      }
      return out;
    },
    mathjs: '(revenue - lastRevenue) / lastRevenue',
    formulajs: ft.div(ft.sub(ft.field('revenue'), ft.field('lastRevenue')), ft.field('lastRevenue')),
    filtrex: '(revenue - lastRevenue) / lastRevenue',
    jsonata: '(revenue - lastRevenue) / lastRevenue',
  },
  {
    name: 'attainment',
    formula: 'IF(revenue/target >= 1, 100, MAX(0, (revenue/target - 0.6) / 0.4 * 100))',
    kind: 'row',
    hand: (rows) => {
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const a = r.revenue / r.target;
        out[i] = a >= 1 ? 100 : Math.max(0, ((a - 0.6) / 0.4) * 100);
      }
      return out;
    },
    mathjs: 'revenue/target >= 1 ? 100 : max(0, (revenue/target - 0.6) / 0.4 * 100)',
    formulajs: ft.call(
      'IF',
      ft.gte(ratio, ft.num(1)),
      ft.num(100),
      ft.call('MAX', ft.num(0), ft.mul(ft.div(ft.sub(ratio, ft.num(0.6)), ft.num(0.4)), ft.num(100))),
    ),
    filtrex: 'if revenue/target >= 1 then 100 else max(0, (revenue/target - 0.6) / 0.4 * 100)',
    jsonata: 'revenue/target >= 1 ? 100 : $max([0, (revenue/target - 0.6) / 0.4 * 100])',
  },
  {
    name: 'scorecard',
    formula:
      '0.4*MIN(120, revenue/target*100) + 0.3*satisfaction + 0.2*(repeatOrders/orders*100) + 0.1*MIN(100, marketShare/0.3*100)',
    kind: 'row',
    hand: (rows) => {
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        out[i] =
          0.4 * Math.min(120, (r.revenue / r.target) * 100) +
          0.3 * r.satisfaction +
          0.2 * ((r.repeatOrders / r.orders) * 100) +
          0.1 * Math.min(100, (r.marketShare / 0.3) * 100);
      }
      return out;
    },
    mathjs:
      '0.4*min(120, revenue/target*100) + 0.3*satisfaction + 0.2*(repeatOrders/orders*100) + 0.1*min(100, marketShare/0.3*100)',
    formulajs: ft.add(
      ft.add(
        ft.add(
          ft.mul(ft.num(0.4), ft.call('MIN', ft.num(120), ft.mul(ratio, ft.num(100)))),
          ft.mul(ft.num(0.3), ft.field('satisfaction')),
        ),
        ft.mul(ft.num(0.2), ft.mul(ft.div(ft.field('repeatOrders'), ft.field('orders')), ft.num(100))),
      ),
      ft.mul(
        ft.num(0.1),
        ft.call('MIN', ft.num(100), ft.mul(ft.div(ft.field('marketShare'), ft.num(0.3)), ft.num(100))),
      ),
    ),
    filtrex:
      '0.4*min(120, revenue/target*100) + 0.3*satisfaction + 0.2*(repeatOrders/orders*100) + 0.1*min(100, marketShare/0.3*100)',
    jsonata:
      '0.4*$min([120, revenue/target*100]) + 0.3*satisfaction + 0.2*(repeatOrders/orders*100) + 0.1*$min([100, marketShare/0.3*100])',
  },
  {
    name: 'SUM/SUM',
    formula: 'SUM(revenue)/SUM(target)',
    kind: 'aggregate',
    hand: (rows) => {
      let a = 0;
      let b = 0;
      for (let i = 0; i < rows.length; i++) {
        a += rows[i].revenue;
        b += rows[i].target;
      }
      return a / b;
    },
    mathjs: 'sum(revenue)/sum(target)',
    formulajs: (rows: Row[]) =>
      (F.SUM(rows.map((r) => r.revenue)) as number) / (F.SUM(rows.map((r) => r.target)) as number),
    jsonata: '$sum(revenue)/$sum(target)',
  },
  {
    name: 'AVERAGE',
    formula: 'AVERAGE(satisfaction)',
    kind: 'aggregate',
    hand: (rows) => {
      let a = 0;
      for (let i = 0; i < rows.length; i++) a += rows[i].satisfaction;
      return a / rows.length;
    },
    mathjs: 'mean(satisfaction)',
    formulajs: (rows: Row[]) => F.AVERAGE(rows.map((r) => r.satisfaction)),
    jsonata: '$average(satisfaction)',
  },
  {
    name: 'group-by 1,000',
    formula: 'SUM(revenue)/SUM(target)',
    kind: 'group',
    hand: (rows) => {
      const groups = new Map<string, { revenue: number; target: number }>();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        let g = groups.get(r.account);
        if (!g) groups.set(r.account, (g = { revenue: 0, target: 0 }));
        g.revenue += r.revenue;
        g.target += r.target;
      }
      const out: number[] = [];
      for (const g of groups.values()) out.push(g.revenue / g.target);
      return out;
    },
    mathjs: 'sum(revenue)/sum(target)',
    formulajs: (rows: Row[]) => {
      const groups = partition(rows);
      const out: unknown[] = [];
      for (const g of groups.values()) {
        out.push((F.SUM(g.map((r) => r.revenue)) as number) / (F.SUM(g.map((r) => r.target)) as number));
      }
      return out;
    },
    jsonata: '${account: $sum(revenue)/$sum(target)}',
  },
];

function partition(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    let g = groups.get(r.account);
    if (!g) groups.set(r.account, (g = []));
    g.push(r);
  }
  return groups;
}

function columnsOf(rows: Row[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const k of [
    'revenue',
    'lastRevenue',
    'target',
    'cost',
    'satisfaction',
    'repeatOrders',
    'orders',
    'marketShare',
  ] as const) {
    out[k] = rows.map((r) => r[k]);
  }
  return out;
}

function fmt(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

function microseconds(fn: () => void, iterations = 3000): number {
  for (let i = 0; i < 200; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / iterations;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const rows = generate(ROWS);
  const fewRows = rows.slice(0, JSONATA_ROWS);
  const convStart = process.hrtime.bigint();
  const table: Table = tableFromRows(rows, [
    'revenue',
    'lastRevenue',
    'target',
    'cost',
    'satisfaction',
    'repeatOrders',
    'orders',
    'marketShare',
    'account',
  ]);
  const convMs = Number(process.hrtime.bigint() - convStart) / 1e6;
  // The first conversion runs cold (interpreter, then JIT); a data set converted again runs warm.
  let convWarmMs = Infinity;
  for (let k = 0; k < 5; k++) {
    const s = process.hrtime.bigint();
    consume(tableFromRows(rows, Object.keys(rows[0])).length);
    convWarmMs = Math.min(convWarmMs, Number(process.hrtime.bigint() - s) / 1e6);
  }
  const fieldNames = [
    'revenue',
    'lastRevenue',
    'target',
    'cost',
    'satisfaction',
    'repeatOrders',
    'orders',
    'marketShare',
  ];

  const lines: string[] = [];
  lines.push(
    `Formula benchmark — ${ROWS.toLocaleString('en')} rows (jsonata: ${JSONATA_ROWS.toLocaleString('en')} rows), node ${process.version}`,
  );
  lines.push('');
  lines.push('| workload | engine | rows/s | × hand-written | vs fastest peer |');
  lines.push('|---|---|---:|---:|---:|');
  const summary: string[] = [];

  for (const w of WORKLOADS) {
    const c = compile(w.formula);
    const results: [string, number | undefined][] = [];
    const hand = measure(ROWS, () => consume(w.hand(rows)));
    results.push(['hand-written TS (row objects)', hand]);

    // Correctness check: keyscore row, columnar and hand-written agree.
    let mismatches = 0;
    if (w.kind === 'row') {
      const col = evaluateColumns(c, table);
      const h = w.hand(rows) as Float64Array;
      for (let i = 0; i < ROWS; i++) {
        const r = c.evaluate(rows[i]);
        if (!sameValue(r, col.get(i)) || Math.abs((r as number) - h[i]) > 1e-9 * Math.max(1, Math.abs(h[i])))
          mismatches++;
      }
      const handCols = columnsOf(rows);
      const fcols = Object.fromEntries(Object.entries(handCols).map(([k, v]) => [k, Float64Array.from(v)]));
      results.push([
        'hand-written TS (typed columns)',
        measure(ROWS, () => {
          const { revenue, lastRevenue, target, satisfaction, repeatOrders, orders, marketShare } = fcols;
          const out = new Float64Array(ROWS);
          if (w.name === 'growth')
            for (let i = 0; i < ROWS; i++) out[i] = (revenue[i] - lastRevenue[i]) / lastRevenue[i];
          else if (w.name === 'attainment')
            for (let i = 0; i < ROWS; i++) {
              const a = revenue[i] / target[i];
              out[i] = a >= 1 ? 100 : Math.max(0, ((a - 0.6) / 0.4) * 100);
            }
          else
            for (let i = 0; i < ROWS; i++)
              out[i] =
                0.4 * Math.min(120, (revenue[i] / target[i]) * 100) +
                0.3 * satisfaction[i] +
                0.2 * ((repeatOrders[i] / orders[i]) * 100) +
                0.1 * Math.min(100, (marketShare[i] / 0.3) * 100);
          consume(out);
        }),
      ]);
      results.push([
        'keyscore row (compile().evaluate)',
        measure(ROWS, () => {
          const out = new Array<Value>(ROWS);
          for (let i = 0; i < ROWS; i++) out[i] = c.evaluate(rows[i]);
          consume(out);
        }),
      ]);
      results.push([
        'keyscore columnar (evaluateColumns)',
        measure(ROWS, () => consume(evaluateColumns(c, table))),
      ]);
    } else if (w.kind === 'aggregate') {
      const v = aggregate(c, table);
      if (Math.abs((v as number) - (w.hand(rows) as number)) > 1e-9) mismatches++;
      results.push(['keyscore columnar (aggregate)', measure(ROWS, () => consume(aggregate(c, table)))]);
    } else {
      const g = groupBy(c, table, 'account');
      if (g.length !== GROUPS) mismatches++;
      results.push([
        'keyscore columnar (groupBy)',
        measure(ROWS, () => consume(groupBy(c, table, 'account'))),
      ]);
    }

    // Peers
    const peerStart = results.length;
    if (w.mathjs) {
      const m = mathjs.compile(w.mathjs);
      if (w.kind === 'row') {
        results.push([
          'mathjs compiled',
          measure(ROWS, () => {
            const out = new Array<unknown>(ROWS);
            for (let i = 0; i < ROWS; i++) out[i] = m.evaluate({ ...rows[i] });
            consume(out);
          }),
        ]);
      } else if (w.kind === 'aggregate') {
        results.push(['mathjs compiled', measure(ROWS, () => consume(m.evaluate(columnsOf(rows))))]);
      } else {
        results.push([
          'mathjs compiled',
          measure(ROWS, () => {
            const out: unknown[] = [];
            for (const g of partition(rows).values()) out.push(m.evaluate(columnsOf(g)));
            consume(out);
          }),
        ]);
      }
    }
    if (w.formulajs) {
      const fj = w.formulajs;
      if (w.kind === 'row') {
        results.push([
          '@formulajs/formulajs call tree',
          measure(ROWS, () => {
            const out = new Array<unknown>(ROWS);
            for (let i = 0; i < ROWS; i++) out[i] = (fj as Fn)(rows[i]);
            consume(out);
          }),
        ]);
      } else
        results.push([
          '@formulajs/formulajs call tree',
          measure(ROWS, () => consume((fj as (r: Row[]) => unknown)(rows))),
        ]);
    }
    if (w.filtrex) {
      const fx = compileExpression(w.filtrex);
      results.push([
        'filtrex',
        measure(ROWS, () => {
          const out = new Array<unknown>(ROWS);
          for (let i = 0; i < ROWS; i++) out[i] = fx(rows[i]);
          consume(out);
        }),
      ]);
    } else results.push(['filtrex (no aggregates)', undefined]);
    if (w.jsonata) {
      const jx = jsonata(w.jsonata);
      if (w.kind === 'row') {
        results.push([
          `jsonata (${JSONATA_ROWS} rows)`,
          await measureAsync(JSONATA_ROWS, async () => {
            const out = new Array<unknown>(JSONATA_ROWS);
            for (let i = 0; i < JSONATA_ROWS; i++) out[i] = await jx.evaluate(fewRows[i]);
            consume(out);
          }),
        ]);
      } else {
        results.push([
          `jsonata (${JSONATA_ROWS} rows)`,
          await measureAsync(JSONATA_ROWS, async () => consume(await jx.evaluate(fewRows))),
        ]);
      }
    }
    const fastestPeer = Math.max(...results.slice(peerStart).map(([, v]) => v ?? 0));
    for (const [engine, v] of results) {
      const isKeyscore = engine.startsWith('keyscore');
      lines.push(
        `| ${w.name} | ${engine} | ${fmt(v)} | ${v === undefined ? 'n/a' : (v / hand).toFixed(2)} | ${
          isKeyscore && v !== undefined ? `${(v / fastestPeer).toFixed(1)}×` : ''
        } |`,
      );
    }
    if (mismatches > 0)
      summary.push(`!! ${w.name}: ${mismatches} mismatches between keyscore paths and hand-written`);
  }

  lines.push('');
  lines.push('| parse + check + compile (uncached) | µs |');
  lines.push('|---|---:|');
  for (const w of WORKLOADS.slice(0, 3)) {
    const us = microseconds(() => {
      check(w.formula, fieldNames, { limits: DEFAULT_LIMITS });
      compileUncached(w.formula);
    });
    lines.push(
      `| ${w.name}: \`${w.formula.length > 60 ? w.formula.slice(0, 57) + '…' : w.formula}\` | ${us.toFixed(1)} |`,
    );
  }
  lines.push('');
  lines.push(
    `Row objects → columnar table (tableFromRows, ${ROWS.toLocaleString('en')} rows × 9 fields, once per data set, not in the timings above): first call ${convMs.toFixed(1)} ms (${((convMs * 1000) / ROWS).toFixed(2)} µs/row), warm best of 5 ${convWarmMs.toFixed(1)} ms (${((convWarmMs * 1000) / ROWS).toFixed(2)} µs/row)`,
  );
  lines.push(
    `Total bench time ${((Date.now() - t0) / 1000).toFixed(1)} s (sink ${sink > 0 ? 'ok' : 'empty'})`,
  );
  for (const s of summary) lines.push(s);
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
