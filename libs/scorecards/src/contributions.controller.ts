import { Controller, Get, Param, Put } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { ContributionsService } from './contributions.service';
import {
  periodQuerySchema,
  setContributionsSchema,
  type PeriodQuery,
  type SetContributions,
} from './contributions.schemas';

@Controller('api')
export class ContributionsController {
  constructor(private readonly contributions: ContributionsService) {}

  @Put('accounts/:id/contributions')
  @RequirePermission(Permission.ContributionsWrite)
  @ApiOperation({
    summary: 'Set who gets credit for an account in a quarter / 设置客户贡献分配',
    tags: ['scoring'],
  })
  set(@Param('id') id: string, @ValidBody(setContributionsSchema) body: SetContributions) {
    return this.contributions.set(id, body);
  }

  @Get('accounts/:id/contributions')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: "An account's contribution split / 客户贡献分配", tags: ['scoring'] })
  get(
    @Param('id') id: string,
    @ValidQuery(periodQuerySchema) query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.contributions.get(id, query.period, principal);
  }

  @Get('people/:id/score')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: "A person's credit-weighted score / 个人得分", tags: ['scoring'] })
  person(
    @Param('id') id: string,
    @ValidQuery(periodQuerySchema) query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.contributions.personScore(id, query.period, principal);
  }

  @Get('departments/:id/score')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: "A department's credit-weighted score / 部门得分", tags: ['scoring'] })
  department(
    @Param('id') id: string,
    @ValidQuery(periodQuerySchema) query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.contributions.departmentScore(id, query.period, principal);
  }
}
