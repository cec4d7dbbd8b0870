import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import { Permission, type Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { AppException } from '@keyscore/http';
import type { Bilingual, FieldError } from '@keyscore/i18n';
import {
  ACCOUNT_TYPES,
  nowIso,
  UnitOfWork,
  type AccountEntity,
  type AccountScorecardOverrideEntity,
  type AccountTargetEntity,
  type AdjustmentEntity,
  type AccountType,
  type DocumentVersionEntity,
} from '@keyscore/persistence';
import {
  BUILTIN_METRICS,
  BUILTIN_TEMPLATES,
  prepareScorecard,
  scoreAccount,
  scoreAccountsBatch,
  scoringLibrary,
  whatIf,
  type AccountInput,
  type AccountScore,
  type AccountOverride,
  type Adjustment,
  type DefinitionPin,
  type KpiDefinition,
  type PreparedScorecard,
  type ScorecardTemplate,
  type ScoringIssue,
} from '@keyscore/scoring';
import { toScoringAdjustment } from './adjustment.mapper';
import { templateScorecard } from './builtin-library';
import { periodsForScoring, toPeriodMetrics, type ScoringValueRow } from './scorecard-input.util';
import {
  overrideIssues,
  resolveAccountScorecard,
  TEMPLATE_FOR_ACCOUNT_TYPE,
  templateFitsAccountType,
  type PinnedTemplate,
  type PinnedTemplates,
  type TemplatePins,
} from './scorecard-template.util';
import { templatePinInForce } from './template-in-force.util';
import { ScorecardsErrorCode, ScorecardsException } from './scorecards.exception';
import { ScorecardsRepository } from './scorecards.repository';
import type { SetOverride, SetTargets, TemplateRef } from './scorecards.schemas';

/** What an account is scored with: the prepared scorecard, the inputs, its override, notes for the trace. */
interface ScoringInput {
  card: PreparedScorecard;
  input: AccountInput;
  override: (OverrideView & { applied: boolean }) | null;
  notes: Bilingual[];
}

/** What an account's override looked like when it scored, and whether it could be applied. */
export interface OverrideView {
  period: string;
  entries: NonNullable<AccountOverride['entries']>;
  remove: string[];
  updatedBy: string | null;
  updatedAt: string;
}

const OVERRIDE_IGNORED: Bilingual = {
  en: "This quarter's account override does not fit the template scoring it and was not applied; the template's own weights count.",
  'zh-CN': '本季度的客户特例与所用考核模板不符，未予应用，按模板本身的权重计分。',
};

const refText = (ref: { key: string; version?: number }) =>
  ref.version ? `${ref.key}@${ref.version}` : ref.key;

/**
 * Scorecard previews on demand: an account's template (its type's built-in one, or a published version
 * given by the caller or pinned by a cycle) with the account's override for the quarter on top, applied
 * to its values, with the trace.
 */
@Injectable()
export class ScorecardsService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly repository: ScorecardsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /**
   * The KPI library templates are written against: the built-in KPIs with the latest published KPI
   * documents on top (a published KPI replaces a built-in one of its key), the built-in templates, the
   * metrics, and the latest published templates (which new templates may extend).
   */
  async library() {
    const [kpis, templateDocs] = await Promise.all([
      this.libraryKpis(),
      this.repository.latestPublished('scorecard_template'),
    ]);
    return {
      kpis,
      templates: BUILTIN_TEMPLATES,
      metrics: BUILTIN_METRICS,
      publishedTemplates: templateDocs.map((p) => ({
        ...(JSON.parse(p.content) as ScorecardTemplate),
        key: p.key,
        version: p.version,
      })),
    };
  }

  /** The built-in KPIs with the latest published KPI documents on top. */
  private async libraryKpis(): Promise<KpiDefinition[]> {
    const kpiDocs = await this.repository.latestPublished('kpi');
    const { kpis } = scoringLibrary({
      kpis: kpiDocs.map((p) => ({ ...p, content: JSON.parse(p.content) as KpiDefinition })),
    });
    return [...kpis.values()];
  }

  /**
   * Scores one account for one quarter, with a published template of its type when `template` names one
   * (`key` or `key@version`). Sealed inputs are read only when the caller may see sealed values, so a
   * trace never reveals what its reader may not see.
   */
  async preview(
    accountId: string,
    period: string,
    principal: Principal,
    template?: { key: string; version?: number },
  ) {
    const account = await this.directory.getAccount(accountId, principal.accounts);
    const pinned = template
      ? await this.previewTemplate(template, account.accountType)
      : ((await this.templatesInForce([account], period)).get(account.id) ?? null);
    return this.score(account, period, principal.permissions.has(Permission.MetricValuesReadSealed), pinned);
  }

  /**
   * Scores accounts already checked against the caller's scope, each with the template in force for it
   * in the quarter (`templatesInForce`), their inputs read together (`scoreMany`); in the order given.
   */
  async scoreInForce(accounts: readonly AccountEntity[], period: string, seeSealed: boolean) {
    const templates = await this.templatesInForce(accounts, period);
    return this.scoreMany(accounts, period, seeSealed, (account) => templates.get(account.id) ?? null);
  }

  /**
   * Scores an account already checked against the caller's scope; sealed inputs only with `seeSealed`.
   * `template` is the pinned template version of its type (null: the built-in one).
   */
  async score(
    account: AccountEntity,
    period: string,
    seeSealed: boolean,
    template: PinnedTemplate | null = null,
  ) {
    return this.scored(account, await this.input(account, period, seeSealed, template));
  }

  /**
   * `score` for many accounts of one quarter (a review cycle's compute steps), their inputs read together:
   * a few queries for all instead of four per account; the same cards as `score` one by one.
   */
  async scoreMany(
    accounts: readonly AccountEntity[],
    period: string,
    seeSealed: boolean,
    templateOf: (account: AccountEntity) => PinnedTemplate | null,
  ) {
    const read = await this.repository.inputsOf(
      accounts.map((a) => a.id),
      periodsForScoring(period),
      period,
    );
    const byAccount = <T extends { accountId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) {
        const list = map.get(row.accountId);
        if (list) list.push(row);
        else map.set(row.accountId, [row]);
      }
      return map;
    };
    const values = byAccount(read.values);
    const targets = byAccount(read.targets);
    const adjustments = byAccount(read.adjustments);
    const overrides = new Map(read.overrides.map((o) => [o.accountId, o]));
    const assembled = accounts.map((account) =>
      this.assemble(account, period, seeSealed, templateOf(account), {
        values: values.get(account.id) ?? [],
        targets: targets.get(account.id) ?? [],
        adjustments: adjustments.get(account.id) ?? [],
        overrideRow: overrides.get(account.id) ?? null,
      }),
    );
    // Accounts with the same prepared scorecard (template, no override) are scored together on the
    // batch path, which evaluates each KPI formula once over all of them; the same results as one by one.
    const byCard = new Map<PreparedScorecard, number[]>();
    assembled.forEach(({ card }, n) => {
      const list = byCard.get(card);
      if (list) list.push(n);
      else byCard.set(card, [n]);
    });
    const results = new Array<AccountScore>(accounts.length);
    for (const [card, members] of byCard) {
      const out = scoreAccountsBatch(
        card,
        members.map((n) => assembled[n]!.input),
        null,
      );
      members.forEach((n, i) => (results[n] = out[i]![0]!));
    }
    return accounts.map((account, n) => this.withView(account, assembled[n]!, results[n]!));
  }

  private scored(account: AccountEntity, scoring: ScoringInput) {
    return this.withView(account, scoring, scoreAccount(scoring.card, scoring.input));
  }

  /** A score as the API shows it: with the account, the override and the notes of its input. */
  private withView(account: AccountEntity, { override, notes }: ScoringInput, result: AccountScore) {
    return {
      ...result,
      trace: notes.length ? { ...result.trace, notes: [...result.trace.notes, ...notes] } : result.trace,
      account: this.accountView(account),
      override,
    };
  }

  /** What proposed adjustments would change, on top of the approved ones; nothing is stored. */
  async whatIf(account: AccountEntity, period: string, seeSealed: boolean, proposed: Adjustment[]) {
    const template = (await this.templatesInForce([account], period)).get(account.id) ?? null;
    const { card, input } = await this.input(account, period, seeSealed, template);
    return whatIf(card, input, proposed);
  }

  // ---- templates ----

  /**
   * The template a preview names: a published version, or (null) the type's built-in template when the
   * key is its built-in one's and no document of that key was published.
   */
  private async previewTemplate(ref: TemplateRef, accountType: AccountType): Promise<PinnedTemplate | null> {
    const builtin = ref.key === TEMPLATE_FOR_ACCOUNT_TYPE[accountType] && (ref.version ?? 1) === 1;
    if (builtin && !(await this.repository.templateVersion(ref.key))) return null;
    return this.pinTemplate(ref, accountType, '/query/template');
  }

  /**
   * A published version of a scorecard template that fits the account type: the given version or the
   * latest. Refused with 422 at `pointer` when it is unknown, unpublished, archived, for another account
   * type, or no longer resolves.
   */
  async pinTemplate(ref: TemplateRef, accountType: AccountType, pointer: string): Promise<PinnedTemplate> {
    const template = refText(ref);
    const found = await this.repository.templateVersion(ref.key, ref.version);
    if (!found?.version)
      throw new ScorecardsException(ScorecardsErrorCode.UnknownTemplate, { template }, pointer);
    if (found.document.status === 'archived')
      throw new ScorecardsException(ScorecardsErrorCode.ArchivedTemplate, { template }, pointer);
    const pinned = await this.pinnedVersion(ref.key, found.version);
    if (!templateFitsAccountType(pinned.content, accountType))
      throw new ScorecardsException(
        ScorecardsErrorCode.TemplateAccountType,
        { template, templateType: pinned.content.accountType, accountType },
        pointer,
      );
    const { issues } = resolveAccountScorecard({ accountType, template: pinned });
    if (issues.length)
      throw new ScorecardsException(
        ScorecardsErrorCode.TemplateInvalid,
        { template, problem: issues[0]!.message.en },
        pointer,
      );
    return pinned;
  }

  /**
   * Pins a template per account type (`refs`), every problem at once: 422 with a pointer
   * `<root>/<account type>` per template at fault.
   */
  async pinTemplates(
    refs: Partial<Record<AccountType, TemplateRef>>,
    root: string,
  ): Promise<PinnedTemplates> {
    const pinned: PinnedTemplates = {};
    const errors: FieldError[] = [];
    let first: AppException | null = null;
    for (const type of ACCOUNT_TYPES) {
      const ref = refs[type];
      if (!ref) continue;
      try {
        pinned[type] = await this.pinTemplate(ref, type, `${root}/${type}`);
      } catch (error) {
        if (!(error instanceof ScorecardsException)) throw error;
        first ??= error;
        errors.push(...error.errors);
      }
    }
    if (first) throw new AppException(first.status, first.code, first.text, errors);
    return pinned;
  }

  /** The exact versions a cycle pinned; they were checked when it was created and never change. */
  async loadPins(pins: TemplatePins): Promise<PinnedTemplates> {
    const pinned: PinnedTemplates = {};
    for (const type of ACCOUNT_TYPES) {
      const pin = pins[type];
      if (pin) pinned[type] = await this.loadPin(pin);
    }
    return pinned;
  }

  /**
   * Per account (by id), the published template version that scores it in the quarter — the one its
   * type's pin names in the cycle in force (`cycleInForce`: the cycle whose stored score counts, else the
   * latest running cycle covering it) — or null for its built-in template. Person and department scores,
   * what-ifs, exports and previews without a named template all score with it.
   */
  async templatesInForce(
    accounts: readonly AccountEntity[],
    period: string,
  ): Promise<Map<string, PinnedTemplate | null>> {
    const result = new Map<string, PinnedTemplate | null>(accounts.map((a) => [a.id, null]));
    const cycles = (await this.repository.quarterCycles(period)).filter((c) => c.status !== 'draft');
    if (!cycles.length || !accounts.length) return result;
    const ids = accounts.map((a) => a.id);
    const [scored, departments] = await Promise.all([
      this.repository.scoredCycles(ids, period),
      this.repository.managerDepartments(ids),
    ]);
    const scoredIn = new Map<string, Map<string, string>>();
    for (const row of scored) {
      const byCycle = scoredIn.get(row.accountId) ?? new Map<string, string>();
      scoredIn.set(row.accountId, byCycle.set(row.cycleId, row.id));
    }
    const loaded = new Map<string, Promise<PinnedTemplate>>();
    for (const account of accounts) {
      const pin = templatePinInForce(
        {
          id: account.id,
          accountType: account.accountType,
          departmentId: departments.get(account.id) ?? null,
        },
        cycles,
        scoredIn.get(account.id) ?? new Map(),
      );
      if (!pin) continue;
      const ref = refText(pin);
      if (!loaded.has(ref)) loaded.set(ref, this.loadPin(pin));
      result.set(account.id, await loaded.get(ref)!);
    }
    return result;
  }

  private async loadPin(pin: { key: string; version: number }): Promise<PinnedTemplate> {
    const found = await this.repository.templateVersion(pin.key, pin.version);
    if (!found?.version) throw new Error(`pinned scorecard template ${pin.key}@${pin.version} is missing`);
    return this.pinnedVersion(pin.key, found.version);
  }

  /** A template version with the published KPIs and base templates it pinned at publication. */
  private async pinnedVersion(key: string, version: DocumentVersionEntity): Promise<PinnedTemplate> {
    const pins = version.pins ? (JSON.parse(version.pins) as DefinitionPin[]) : [];
    const definitions = await this.repository.definitionVersions(pins);
    const of = <T>(kind: DefinitionPin['kind']) =>
      definitions
        .filter((d) => d.kind === kind)
        .map((d) => ({ key: d.key, version: d.version, content: JSON.parse(d.content) as T }));
    return {
      key,
      version: version.version,
      content: JSON.parse(version.content) as ScorecardTemplate,
      contentHash: version.contentHash,
      ...(pins.length
        ? { uses: { kpis: of<KpiDefinition>('kpi'), templates: of<ScorecardTemplate>('scorecard_template') } }
        : {}),
    };
  }

  /**
   * Refuses (422 at `pointerFor(type)`) when an account of `accounts` (read only if the quarter has
   * overrides at all) has an override for `period` that does not fit the template its type will be scored
   * with (`pinned`, else the built-in one).
   */
  async checkOverridesFit(
    accounts: () => Promise<readonly AccountEntity[]>,
    period: string,
    pinned: PinnedTemplates,
    pointerFor: (type: AccountType) => string,
  ): Promise<void> {
    const overrides = await this.repository.overridesForPeriod(period);
    if (!overrides.length) return;
    const byId = new Map((await accounts()).map((a) => [a.id, a]));
    const errors: FieldError[] = [];
    for (const row of overrides) {
      const account = byId.get(row.accountId);
      if (!account) continue;
      const template = pinned[account.accountType] ?? null;
      const { issues } = resolveAccountScorecard({
        accountType: account.accountType,
        template,
        override: this.toOverride(account, row),
      });
      if (issues.length)
        errors.push({
          pointer: pointerFor(account.accountType),
          message: {
            en: `Account ${account.code} has an override for ${period} that does not fit ${template ? refText(template) : 'the built-in template'}: ${issues[0]!.message.en}`,
            'zh-CN': `客户 ${account.code} 在 ${period} 的特例与${template ? `模板 ${refText(template)}` : '内置模板'}不符：${issues[0]!.message['zh-CN']}`,
          },
        });
    }
    if (errors.length)
      throw new ScorecardsException(ScorecardsErrorCode.OverrideInvalid, {}, undefined, errors);
  }

  // ---- per-account overrides ----

  async getOverride(accountId: string, period: string, principal: Principal): Promise<OverrideView> {
    await this.directory.getAccount(accountId, principal.accounts);
    const row = await this.repository.override(accountId, period);
    if (!row) throw new ScorecardsException(ScorecardsErrorCode.NoOverride, { period }, '/query/period');
    return this.overrideView(row);
  }

  /**
   * Sets an account's override for a quarter, audited in the same transaction. It must fit every template
   * that is still to score the account that quarter: those its type has in the quarter's open cycles (a
   * cycle without a pin for the type scores with the built-in one), or the built-in one when there are none.
   */
  async setOverride(accountId: string, input: SetOverride, principal: Principal): Promise<OverrideView> {
    const account = await this.directory.getAccount(accountId);
    const content = { entries: input.entries, remove: input.remove ?? [] };
    const errors: ScoringIssue[] = [];
    const seen = new Set<string>();
    for (const template of await this.templatesScoring(account, input.period)) {
      const { issues } = resolveAccountScorecard({
        accountType: account.accountType,
        template,
        override: { account: account.code, ...content },
      });
      const name = template ? refText(template) : TEMPLATE_FOR_ACCOUNT_TYPE[account.accountType];
      for (const issue of overrideIssues(issues, account.code, '/body')) {
        const message = {
          en: `${name}: ${issue.message.en}`,
          'zh-CN': `${name}：${issue.message['zh-CN']}`,
        };
        const key = issue.pointer + message.en;
        if (seen.has(key)) continue;
        seen.add(key);
        errors.push({ pointer: issue.pointer, message });
      }
    }
    if (errors.length)
      throw new ScorecardsException(ScorecardsErrorCode.OverrideInvalid, {}, undefined, errors);
    const row: AccountScorecardOverrideEntity = {
      accountId,
      period: input.period,
      content: JSON.stringify(content),
      updatedBy: principalName(principal),
      updatedAt: nowIso(),
    };
    await this.unitOfWork.transaction(async (manager) => {
      const before = await this.repository.override(accountId, input.period, manager);
      await this.repository.upsertOverride(manager, row);
      await this.audit.record(manager, [
        {
          action: 'scorecard_override.set',
          entityType: 'account_scorecard_override',
          entityId: `${accountId}/${input.period}`,
          before: before ? JSON.parse(before.content) : undefined,
          after: content,
        },
      ]);
    });
    return this.overrideView(row);
  }

  async deleteOverride(accountId: string, period: string): Promise<void> {
    await this.directory.getAccount(accountId);
    await this.unitOfWork.transaction(async (manager) => {
      const before = await this.repository.override(accountId, period, manager);
      if (!before || !(await this.repository.deleteOverride(manager, accountId, period)))
        throw new ScorecardsException(ScorecardsErrorCode.NoOverride, { period }, '/query/period');
      await this.audit.record(manager, [
        {
          action: 'scorecard_override.delete',
          entityType: 'account_scorecard_override',
          entityId: `${accountId}/${period}`,
          before: JSON.parse(before.content),
        },
      ]);
    });
  }

  /** The templates (null: the built-in one) still to score an account of this type in a quarter. */
  private async templatesScoring(account: AccountEntity, period: string): Promise<(PinnedTemplate | null)[]> {
    const cycles = await this.repository.openCycles(period);
    if (!cycles.length) return [null];
    const pins = new Map<string, { key: string; version: number } | null>();
    for (const cycle of cycles) {
      const pin = cycle.templates
        ? (JSON.parse(cycle.templates) as TemplatePins)[account.accountType]
        : undefined;
      pins.set(pin ? `${pin.key}@${pin.version}` : '', pin ?? null);
    }
    const result: (PinnedTemplate | null)[] = [];
    for (const pin of pins.values()) {
      result.push(pin ? (await this.loadPins({ [account.accountType]: pin }))[account.accountType]! : null);
    }
    return result;
  }

  private toOverride(account: AccountEntity, row: AccountScorecardOverrideEntity): AccountOverride {
    const content = JSON.parse(row.content) as Pick<OverrideView, 'entries' | 'remove'>;
    return { account: account.code, entries: content.entries, remove: content.remove };
  }

  private overrideView(row: AccountScorecardOverrideEntity): OverrideView {
    const content = JSON.parse(row.content) as Pick<OverrideView, 'entries' | 'remove'>;
    return {
      period: row.period,
      entries: content.entries,
      remove: content.remove,
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
    };
  }

  private accountView(account: AccountEntity) {
    return {
      id: account.id,
      code: account.code,
      name: account.name,
      nameEn: account.nameEn,
      accountType: account.accountType,
    };
  }

  /**
   * The prepared scorecard (the template with the account's override for the quarter, when it fits) and
   * everything it reads: values, targets, approved adjustments.
   */
  private async input(
    account: AccountEntity,
    period: string,
    seeSealed: boolean,
    template: PinnedTemplate | null,
  ): Promise<ScoringInput> {
    const [values, targets, adjustments, overrideRow] = await Promise.all([
      this.repository.values(account.id, periodsForScoring(period)),
      this.repository.targets(account.id, period),
      this.repository.approvedAdjustments(account.id, period),
      this.repository.override(account.id, period),
    ]);
    return this.assemble(account, period, seeSealed, template, { values, targets, adjustments, overrideRow });
  }

  private assemble(
    account: AccountEntity,
    period: string,
    seeSealed: boolean,
    template: PinnedTemplate | null,
    {
      values,
      targets,
      adjustments,
      overrideRow,
    }: {
      values: readonly ScoringValueRow[];
      targets: AccountTargetEntity[];
      adjustments: AdjustmentEntity[];
      overrideRow: AccountScorecardOverrideEntity | null;
    },
  ): ScoringInput {
    let card = templateScorecard(account.accountType, template);
    let override: (OverrideView & { applied: boolean }) | null = null;
    const notes: Bilingual[] = [];
    if (overrideRow) {
      const resolved = resolveAccountScorecard({
        accountType: account.accountType,
        template,
        override: this.toOverride(account, overrideRow),
      });
      // An override written for another template is shown as not applied, never half applied.
      const applied = resolved.scorecard !== null && resolved.issues.length === 0;
      if (applied) card = prepareScorecard(resolved.scorecard!);
      else notes.push(OVERRIDE_IGNORED);
      override = { ...this.overrideView(overrideRow), applied };
    }
    // The trace copies its inputs: a sealed value must not even reach it unless the reader may see it.
    const visible = seeSealed
      ? values
      : values.map((v) => (v.state === 'sealed' ? { ...v, value: null } : v));
    return {
      card,
      override,
      notes,
      input: {
        account: account.code,
        period,
        metrics: toPeriodMetrics(visible),
        targets: Object.fromEntries(targets.map((t) => [t.kpiKey, t.target])),
        sealedAccess: seeSealed ? BUILTIN_METRICS.map((m) => m.key) : [],
        adjustments: adjustments.map(toScoringAdjustment),
      },
    };
  }

  /**
   * Sets per-account targets (only KPIs of the library whose target rule is per-account, built in or
   * published), audited, in one transaction.
   */
  async setTargets(accountId: string, input: SetTargets) {
    await this.directory.getAccount(accountId);
    const perAccount = (await this.libraryKpis())
      .filter((k) => k.target.type === 'per_account')
      .map((k) => k.key);
    const unknown = Object.keys(input.targets).filter((key) => !perAccount.includes(key));
    if (unknown.length) {
      const message = (key: string) => ({
        en: `"${key}" is not a KPI with a per-account target (${perAccount.join(', ')}).`,
        'zh-CN': `“${key}”不是按客户设定目标的指标（${perAccount.join('、')}）。`,
      });
      throw new AppException(
        422,
        'scorecards.not_per_account_kpi',
        message(unknown[0]!),
        unknown.map((key) => ({ pointer: `/body/targets/${key}`, message: message(key) })),
      );
    }
    const updatedAt = nowIso();
    const rows = Object.entries(input.targets).map(([kpiKey, target]) => ({
      accountId,
      kpiKey,
      period: input.period,
      target: target as number,
      updatedAt,
    }));
    await this.unitOfWork.transaction(async (manager) => {
      // Read in the same transaction: the audit's "before" is what this write replaced.
      const before = await this.repository.targets(accountId, input.period, manager);
      await this.repository.upsertTargets(manager, rows);
      await this.audit.record(
        manager,
        rows.map((row) => ({
          action: 'account_target.set',
          entityType: 'account_target',
          entityId: `${accountId}/${row.kpiKey}/${row.period}`,
          before: before.find((b) => b.kpiKey === row.kpiKey)?.target,
          after: row.target,
        })),
      );
    });
    return this.repository.targets(accountId, input.period);
  }
}

function principalName(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.id : `key:${principal.key.id}`;
}
