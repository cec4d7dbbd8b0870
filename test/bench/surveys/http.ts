/**
 * Surveys benchmark, in one process and one run: (a) validated-and-stored public survey submissions per
 * second through the HTTP API (final submits, one distinct personal link per request, through the JSON twin
 * and through the HTML page's form post), beside (b) a bare NestJS endpoint that returns a constant, driven
 * the same way; on SQLite and on PostgreSQL; and (c) in-process validation per second, CompiledForm.process
 * against plain ajv on the same data schema.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register test/bench/surveys/http.ts
 *
 * Each database runs BENCH_ROUNDS rounds (default 3), each on a fresh database with the bare app and the full
 * app listening side by side in this process. A round interleaves them in BENCH_SLICES slices (default 6):
 * bare GET, JSON submit, form post, bare POST, a few seconds each. Each answer path is compared with the bare
 * GET of its own slice, seconds apart, and the summary gives the median and range over every slice: this
 * machine's speed drifts by ±15–30% over minutes, so runs minutes apart (the earlier design: the bare app
 * alone before and after each round) compared the drift as much as the code.
 *
 * The load generator is autocannon in the same process (loopback, BENCH_CONNECTIONS connections), so client
 * and server share the CPU for every row alike; "CPU µs/req" is this process's CPU time per answered request,
 * steadier than req/s on a shared machine. A submission is the whole public path of the real app (helmet,
 * request logging, the auth guard): rate limit (one Lua call to Redis, shared by the requests of one
 * event-loop turn), token lookup (a prepared statement; on PostgreSQL one query per turn), form processing
 * (the compiled version cached), the link closed and the response stored atomically (the final submits of a
 * turn together: one statement on PostgreSQL, one transaction on SQLite), and the roll-up job asked for at
 * most once per account and second (added to Redis after the answer, the jobs of 100 ms in one round trip;
 * no worker runs: the jobs wait in the queue).
 * Logs are silent, as in the test suites. BENCH_ONLY=sqlite|postgres runs one database (for profiling).
 * PostgreSQL: the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 * database is created and dropped.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { CUSTOMER_SATISFACTION_FORM, compileForm } from '@keyscore/forms';
import { AccountEntity, bulkInsert, DepartmentEntity, nowIso, PersonEntity } from '@keyscore/persistence';
import { startTestApp, type TestApp } from '../../support/test-app';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Final submits per answer path and round, split evenly over the slices. */
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 12_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
/** Length of each bare-app run (one per slice), and of the full app's floor run. */
const BARE_SECONDS = Number(process.env.BENCH_BARE_SECONDS ?? 2);
/** Rounds per database, each on a fresh database. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Slices per round: one run of each row, seconds apart, compared with each other. */
const SLICES = Number(process.env.BENCH_SLICES ?? 6);
const VALIDATE_DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const CONTACTS_PER_ACCOUNT = 100;

/** A valid customer_satisfaction answer (15 fields), as a customer's client would send it. */
const ANSWERS = {
  service_quality: 4,
  product_quality: 5,
  response_speed: 4,
  experience: { delivery: 4, communication: 5, expertise: 4, after_sales: 3 },
  topics: ['product', 'delivery'],
  last_visit: '2026-06-18',
  nps: 9,
  renew_intent: 'likely',
  comments: '整体合作顺畅，希望交付周期再缩短一些。',
  contact_role: 'procurement',
  contact_name: '陈晓',
  contact_email: 'chen.xiao@example.cn',
  preferred_channel: 'wechat',
  follow_up: true,
};
const JSON_BODY = JSON.stringify({ action: 'submit', data: ANSWERS });
const FORM_BODY = new URLSearchParams({
  service_quality: '4',
  product_quality: '5',
  response_speed: '4',
  'experience.delivery': '4',
  'experience.communication': '5',
  'experience.expertise': '4',
  'experience.after_sales': '3',
  topics: 'product',
  last_visit: '2026-06-18',
  nps: '9',
  renew_intent: 'likely',
  comments: '整体合作顺畅，希望交付周期再缩短一些。',
  contact_role: 'procurement',
  contact_name: '陈晓',
  contact_email: 'chen.xiao@example.cn',
  preferred_channel: 'wechat',
  follow_up: 'true',
  _action: 'submit',
}).toString();

@Controller('bare')
class BareController {
  @Get()
  constant() {
    return { ok: true };
  }

  @Post()
  @HttpCode(201)
  accept() {
    return { status: 'submitted' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

interface Run {
  rps: number;
  /** CPU time of this process (server and load generator) per answered request: steadier than req/s on a busy machine. */
  cpuUs: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

async function cannon(
  url: string,
  options: {
    method: 'GET' | 'POST';
    paths?: string[];
    body?: string;
    type?: string;
    seconds?: number;
    /** Count 404 answers as the expected ones (the app's floor). */
    expect404?: boolean;
  },
): Promise<Run> {
  let next = 0;
  const paths = options.paths;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let last = started;
  const settings: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    ...(paths ? { amount: paths.length } : { duration: options.seconds ?? BARE_SECONDS }),
    method: options.method,
    headers: options.type ? { 'content-type': options.type } : {},
    body: options.body,
    requests: paths
      ? [
          {
            method: options.method,
            setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
          },
        ]
      : undefined,
  };
  // autocannon's own duration ends on its next one-second sampling tick after the last answer of a fixed
  // amount (a run of 5.1 s counted as 6 s); the time of the last answer is the run's real end.
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const tracker = autocannon(settings, (error, done) => (error ? reject(error) : resolve(done)));
    tracker.on('response', () => {
      last = performance.now();
    });
  });
  const ok = options.expect404 ? result.non2xx : result['2xx'];
  const used = process.cpuUsage(cpu);
  return {
    rps: ok / ((last - started) / 1000),
    cpuUs: (used.user + used.system) / Math.max(ok, 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: (options.expect404 ? result['2xx'] : result.non2xx) + result.errors + result.timeouts,
  };
}

/** A bare Nest app on loopback: the ceiling any Nest endpoint on this machine could reach. */
async function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/bare`;
  return { url, close: () => app.close() };
}

/** The middle value (the upper one of an even count); sorts `values`. */
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Several runs of one row as one: requests over time, CPU per request, the median of their latencies. */
function combine(runs: Run[]): Run {
  const ok = runs.reduce((n, r) => n + r.ok, 0);
  const seconds = runs.reduce((n, r) => n + r.ok / r.rps, 0);
  return {
    rps: ok / seconds,
    cpuUs: runs.reduce((n, r) => n + r.cpuUs * r.ok, 0) / ok,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    ok,
    failed: runs.reduce((n, r) => n + r.failed, 0),
  };
}

/** Accounts with contacts, inserted directly (the benchmark measures answers, not the directory). */
async function seed(t: TestApp, contacts: number): Promise<string[]> {
  const dataSource = t.app.get(DataSource);
  const now = nowIso();
  const department: DepartmentEntity = {
    id: randomUUID(),
    code: 'B',
    nameZh: '基准',
    nameEn: 'Bench',
    createdAt: now,
  };
  const person: PersonEntity = {
    id: randomUUID(),
    employeeNo: 'B1',
    name: 'Bench',
    email: 'bench@example.com',
    function: 'sales',
    title: 'AM',
    departmentId: department.id,
    managerId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await dataSource.getRepository(DepartmentEntity).insert(department);
  await dataSource.getRepository(PersonEntity).insert(person);
  const accounts = Math.ceil(contacts / CONTACTS_PER_ACCOUNT);
  const accountIds = Array.from({ length: accounts }, () => randomUUID());
  await dataSource.getRepository(AccountEntity).insert(
    accountIds.map((id, i) => ({
      id,
      code: `B${String(i).padStart(5, '0')}`,
      name: `基准客户 ${i}`,
      nameEn: `Bench ${i}`,
      accountType: 'local_enterprise' as const,
      industry: 'energy',
      region: 'east',
      managerId: person.id,
      since: '2020-01-01',
      createdAt: now,
      updatedAt: now,
      version: 1,
    })),
  );
  await dataSource.transaction((manager) =>
    bulkInsert(
      manager,
      'account_contacts',
      ['id', 'account_id', 'name', 'email', 'phone', 'title', 'locale', 'created_at', 'version'],
      Array.from({ length: contacts }, (_, i) => [
        randomUUID(),
        accountIds[i % accounts],
        `联系人 ${i}`,
        `c${i}@example.com`,
        null,
        null,
        'zh-CN',
        now,
        1,
      ]),
    ),
  );
  return accountIds;
}

/** One run of each row per slice, the bare app's and the full app's seconds apart. */
interface Round {
  get: Run[];
  post: Run[];
  floor: Run;
  json: Run[];
  form: Run[];
}

/**
 * One round: the full app on a fresh database and queue prefix beside the bare app, in this process; its
 * floor once, then the slices.
 */
async function round(): Promise<Round & { stored: number; expected: number }> {
  const bare = await startBare();
  const t = await startTestApp({
    env: { SURVEY_RATE_LIMIT_PER_IP: '1000000', SURVEY_RATE_LIMIT_PER_TOKEN: '1000000' },
  });
  try {
    const perSlice = Math.ceil(SUBMISSIONS / SLICES);
    const total = 2 * (WARMUP + perSlice * SLICES);
    const accountIds = await seed(t, total);
    const created = await t.api
      .post('/api/surveys/campaigns')
      .send({
        name: 'Benchmark',
        form: { key: 'customer_satisfaction' },
        period: '2026-Q3',
        accountIds,
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .expect(201);
    const launched = await t.api.post(`/api/surveys/campaigns/${created.body.id}/launch`).expect(200);
    const tokens = (launched.body.links as { token: string }[]).map((l) => l.token);
    if (tokens.length < total) throw new Error(`only ${tokens.length} links`);
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const take = (n: number) => tokens.splice(0, n);
    const json = (list: string[]) =>
      cannon(base, {
        method: 'POST',
        paths: list.map((token) => `/api/public/surveys/${token}`),
        body: JSON_BODY,
        type: 'application/json',
      });
    const form = (list: string[]) =>
      cannon(base, {
        method: 'POST',
        paths: list.map((token) => `/s/${token}`),
        body: FORM_BODY,
        type: 'application/x-www-form-urlencoded',
      });
    const bareGet = () => cannon(bare.url, { method: 'GET' });
    const barePost = () => cannon(bare.url, { method: 'POST', body: JSON_BODY, type: 'application/json' });
    await bareGet();
    await barePost();
    await json(take(WARMUP));
    await form(take(WARMUP));
    // The app's own floor: its cheapest answer (an unknown route) through the same middleware every request
    // passes (helmet, request ids and logging, actor scope, JSON checks, the auth guard, the error filter).
    const floor = await cannon(`${base}/api/nowhere`, { method: 'GET', expect404: true });
    const result: Round = { get: [], post: [], floor, json: [], form: [] };
    for (let slice = 0; slice < SLICES; slice++) {
      result.get.push(await bareGet());
      result.json.push(await json(take(perSlice)));
      result.form.push(await form(take(perSlice)));
      result.post.push(await barePost());
    }
    const [{ n }] = await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM survey_responses');
    return { ...result, stored: Number(n), expected: total };
  } finally {
    await t.close();
    await bare.close();
  }
}

/** (c) valid submissions validated per second in-process: the form engine against plain ajv. */
function inProcess(): { ajv: number; form: number } {
  const form = compileForm(CUSTOMER_SATISFACTION_FORM, 'customer_satisfaction@1');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(structuredClone(CUSTOMER_SATISFACTION_FORM.dataSchema));
  const docs = Array.from({ length: VALIDATE_DOCS }, (_, i) => ({
    ...ANSWERS,
    service_quality: 1 + (i % 5),
    overall: Math.round(((1 + (i % 5) + 5 + 4) / 3) * 100) / 100,
    nps: i % 11,
    ...(i % 11 <= 6 ? { improve: '报价速度可以更快。' } : {}),
  }));
  for (const d of docs.slice(0, 1000)) {
    if (!validate(d)) throw new Error(JSON.stringify(validate.errors));
    if (!form.process(d, { mode: 'final' }).ok) throw new Error('process');
  }
  const time = (run: () => void) => {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const t0 = process.hrtime.bigint();
      run();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return VALIDATE_DOCS / best;
  };
  return {
    ajv: time(() => docs.forEach((d) => validate(d))),
    form: time(() => docs.forEach((d) => form.process(d, { mode: 'final' }))),
  };
}

async function main() {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const pct = (n: number) => `${(n * 100).toFixed(0)}%`;
  const rows: string[][] = [];
  const summary: string[][] = [];
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const only = process.env.BENCH_ONLY; // 'sqlite' or 'postgres': one database only (profiling)
  for (const [driver, url] of [
    ['SQLite (WAL)', undefined],
    ['PostgreSQL', pgUrl],
  ] as const) {
    if (only && !driver.toLowerCase().startsWith(only)) continue;
    if (url) process.env.DATABASE_URL = url;
    else delete process.env.DATABASE_URL;
    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const { stored, expected, ...measured } = await round();
      if (stored !== expected) console.warn(`${driver}: ${stored} responses stored, expected ${expected}`);
      rounds.push(measured);
    }
    rounds.forEach((r, i) => {
      const get = combine(r.get);
      const post = combine(r.post);
      const ratio = (x: Run) => `${pct(x.rps / get.rps)} / ${pct(x.rps / post.rps)}`;
      const line = (name: string, x: Run, vs: string) => [
        driver,
        `${i + 1}`,
        name,
        fmt(x.rps),
        fmt(x.cpuUs),
        x.p50.toFixed(1),
        x.p99.toFixed(1),
        `${fmt(x.ok)} / ${fmt(x.failed)}`,
        vs,
      ];
      rows.push(line('bare Nest GET → constant', get, '100%'));
      rows.push(line('bare Nest POST (JSON body) → constant', post, ''));
      rows.push(line('full app: GET unknown route → 404 (its floor)', r.floor, ratio(r.floor)));
      const json = combine(r.json);
      const form = combine(r.form);
      rows.push(line('POST /api/public/surveys/:token (JSON, final)', json, ratio(json)));
      rows.push(line('POST /s/:token (form post, final)', form, ratio(form)));
    });
    // Each answer path against the bare GET of its own slice: the median and the range over every slice.
    for (const [name, pick] of [
      ['JSON submit', (r: Round) => r.json],
      ['form post', (r: Round) => r.form],
    ] as const) {
      const ratios = rounds
        .flatMap((r) => pick(r).map((run, slice) => run.rps / r.get[slice]!.rps))
        .sort((a, b) => a - b);
      summary.push([
        driver,
        name,
        pct(median(ratios)),
        `${pct(ratios[0]!)}–${pct(ratios[ratios.length - 1]!)}`,
      ]);
    }
  }
  const header = [
    'database',
    'round',
    'endpoint',
    'req/s',
    'CPU µs/req',
    'p50 ms',
    'p99 ms',
    'expected / other',
    'req/s vs bare GET / POST',
  ];
  const numeric = (i: number) => i === 1 || (i >= 3 && i <= 7);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const table = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(
    `\nPublic survey submissions through HTTP — ${ROUNDS} rounds of ${SLICES} slices, ${fmt(SUBMISSIONS)} final submits per row and round, each with its own link, ${CONNECTIONS} connections, autocannon in the same process (loopback); the bare app's ${BARE_SECONDS} s runs and the full app's interleaved; p50 and p99 are the medians over the slices\n`,
  );
  console.log(table(header));
  console.log(
    `|${widths.map((w, i) => (numeric(i) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`,
  );
  for (const r of rows) console.log(table(r));
  console.log(
    `\nReal answers against the bare GET of the same slice (${ROUNDS * SLICES} slices per database)\n`,
  );
  console.log('| database | path | median | range |');
  console.log('| --- | --- | ---: | ---: |');
  for (const r of summary) console.log(`| ${r.join(' | ')} |`);

  const v = inProcess();
  console.log(
    `\nIn-process validation of valid customer_satisfaction answers (15 fields), best of 5 × ${fmt(VALIDATE_DOCS)}\n`,
  );
  console.log('| path | docs/s | vs plain ajv |');
  console.log('| --- | ---: | ---: |');
  console.log(`| plain ajv validate() | ${fmt(v.ajv)} | 1.00× |`);
  console.log(`| CompiledForm.process(final) | ${fmt(v.form)} | ${(v.form / v.ajv).toFixed(2)}× |`);
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
