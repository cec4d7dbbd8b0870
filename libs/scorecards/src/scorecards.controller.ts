import { Controller, Get, Param, Put } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { ScorecardsService } from './scorecards.service';
import {
  scorecardQuerySchema,
  setTargetsSchema,
  type ScorecardQuery,
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
    summary: 'Score an account for a quarter, with the trace / 客户评分卡预览（含计算过程）',
    tags: ['scoring'],
  })
  preview(
    @Param('id') id: string,
    @ValidQuery(scorecardQuerySchema) query: ScorecardQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.scorecards.preview(id, query.period, principal);
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
}
