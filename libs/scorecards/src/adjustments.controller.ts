import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { AdjustmentsService } from './adjustments.service';
import {
  proposeAdjustmentSchema,
  whatIfSchema,
  type ProposeAdjustment,
  type WhatIf,
} from './adjustments.schemas';
import { periodQuerySchema, type PeriodQuery } from './contributions.schemas';

@Controller('api')
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustmentsService) {}

  @Post('accounts/:id/adjustments')
  @HttpCode(201)
  @RequirePermission(Permission.AdjustmentsPropose)
  @ApiOperation({
    summary: 'Propose an adjustment for an external factor / 申请外部因素调整',
    tags: ['scoring'],
  })
  propose(
    @Param('id') id: string,
    @ValidBody(proposeAdjustmentSchema) body: ProposeAdjustment,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.adjustments.propose(id, body, principal);
  }

  @Get('accounts/:id/adjustments')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: "An account's adjustments for a quarter / 客户调整记录", tags: ['scoring'] })
  list(
    @Param('id') id: string,
    @ValidQuery(periodQuerySchema) query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.adjustments.list(id, query.period, principal);
  }

  @Post('accounts/:id/what-if')
  @HttpCode(200)
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: 'Preview adjustments before they are applied / 调整效果预览', tags: ['scoring'] })
  whatIf(
    @Param('id') id: string,
    @ValidBody(whatIfSchema) body: WhatIf,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.adjustments.whatIf(id, body, principal);
  }

  @Post('adjustments/:id/approve')
  @HttpCode(200)
  @RequirePermission(Permission.AdjustmentsApprove)
  @ApiOperation({ summary: 'Approve (not by the requester) / 审批通过', tags: ['scoring'] })
  approve(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.adjustments.decide(id, 'approved', principal);
  }

  @Post('adjustments/:id/reject')
  @HttpCode(200)
  @RequirePermission(Permission.AdjustmentsApprove)
  @ApiOperation({ summary: 'Reject / 驳回', tags: ['scoring'] })
  reject(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.adjustments.decide(id, 'rejected', principal);
  }
}
