import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { parseTemplateRef } from './scorecard-template.util';
import { ScorecardsService } from './scorecards.service';
import {
  overrideQuerySchema,
  scorecardQuerySchema,
  setOverrideSchema,
  setTargetsSchema,
  type OverrideQuery,
  type ScorecardQuery,
  type SetOverride,
  type SetTargets,
} from './scorecards.schemas';

@Controller('api')
export class ScorecardsController {
  constructor(private readonly scorecards: ScorecardsService) {}

  @Get('kpi-library')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: 'Built-in KPIs, scorecard templates and metrics / 内置指标库与评分卡模板',
    tags: ['scoring'],
  })
  library() {
    return this.scorecards.library();
  }

  @Get('accounts/:id/scorecard')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary:
      'Score an account for a quarter, with the trace; ?template=key[@version] previews a published template / 客户评分卡预览（含计算过程，可指定已发布模板）',
    tags: ['scoring'],
  })
  preview(
    @Param('id') id: string,
    @ValidQuery(scorecardQuerySchema) query: ScorecardQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    // The query schema's pattern is the parser's: a template that passed it parses.
    const template = query.template ? (parseTemplateRef(query.template) ?? undefined) : undefined;
    return this.scorecards.preview(id, query.period, principal, template);
  }

  @Put('accounts/:id/targets')
  @RequirePermission(Permission.TargetsWrite)
  @ApiOperation({
    summary: 'Set per-account KPI targets for a quarter / 设置客户指标目标',
    tags: ['scoring'],
  })
  setTargets(@Param('id') id: string, @ValidBody(setTargetsSchema) body: SetTargets) {
    return this.scorecards.setTargets(id, body);
  }

  @Get('accounts/:id/scorecard-override')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: "An account's scorecard override for a quarter / 客户考核模板特例",
    tags: ['scoring'],
  })
  getOverride(
    @Param('id') id: string,
    @ValidQuery(overrideQuerySchema) query: OverrideQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.scorecards.getOverride(id, query.period, principal);
  }

  @Put('accounts/:id/scorecard-override')
  @RequirePermission(Permission.TargetsWrite)
  @ApiOperation({
    summary:
      "Set an account's deviations from its scorecard template for a quarter (weights, targets, rules, KPIs dropped) / 设置客户考核模板特例",
    tags: ['scoring'],
  })
  setOverride(
    @Param('id') id: string,
    @ValidBody(setOverrideSchema) body: SetOverride,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.scorecards.setOverride(id, body, principal);
  }

  @Delete('accounts/:id/scorecard-override')
  @HttpCode(204)
  @RequirePermission(Permission.TargetsWrite)
  @ApiOperation({
    summary: "Remove an account's scorecard override for a quarter / 删除客户考核模板特例",
    tags: ['scoring'],
  })
  async deleteOverride(@Param('id') id: string, @ValidQuery(overrideQuerySchema) query: OverrideQuery) {
    await this.scorecards.deleteOverride(id, query.period);
  }
}
