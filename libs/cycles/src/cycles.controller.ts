import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { CalibrationService } from './calibration.service';
import { CyclesService } from './cycles.service';
import {
  calibrationQuerySchema,
  closeCycleSchema,
  createCycleSchema,
  disputeSchema,
  type CalibrationQuery,
  type CloseCycle,
  type CreateCycle,
  type Dispute,
} from './cycles.schemas';
import { DisputesService } from './disputes.service';

@Controller('api/cycles')
export class CyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly disputes: DisputesService,
    private readonly calibration: CalibrationService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.CyclesManage)
  @ApiOperation({ summary: 'Create a review cycle (draft) / 新建考核周期', tags: ['cycles'] })
  create(@ValidBody(createCycleSchema) body: CreateCycle, @CurrentPrincipal() principal: Principal) {
    return this.cycles.create(body, principal);
  }

  @Get()
  @RequirePermission(Permission.CyclesRead)
  @ApiOperation({ summary: 'Review cycles / 考核周期列表', tags: ['cycles'] })
  list() {
    return this.cycles.list();
  }

  @Get(':id')
  @RequirePermission(Permission.CyclesRead)
  @ApiOperation({ summary: 'A review cycle / 考核周期详情', tags: ['cycles'] })
  get(@Param('id') id: string) {
    return this.cycles.get(id);
  }

  @Get(':id/preview')
  @RequirePermission(Permission.CyclesManage)
  @ApiOperation({
    summary: 'Launch preview: instances and who gets which first task / 启动预览',
    tags: ['cycles'],
  })
  preview(@Param('id') id: string) {
    return this.cycles.preview(id);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @RequirePermission(Permission.CyclesManage)
  @ApiOperation({ summary: 'Launch: one instance per account or manager / 启动考核', tags: ['cycles'] })
  launch(@Param('id') id: string) {
    return this.cycles.launch(id);
  }

  @Get(':id/progress')
  @RequirePermission(Permission.CyclesRead)
  @ApiOperation({ summary: 'Progress: counts per stage, overdue tasks / 考核进度', tags: ['cycles'] })
  progress(@Param('id') id: string) {
    return this.cycles.progress(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(Permission.CyclesManage)
  @ApiOperation({ summary: 'Close the cycle and lock its scores / 关闭周期并锁定成绩', tags: ['cycles'] })
  close(
    @Param('id') id: string,
    @ValidBody(closeCycleSchema) body: CloseCycle,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.cycles.close(id, body, principal);
  }

  @Get(':id/scores')
  @RequirePermission(Permission.CyclesRead)
  @ApiOperation({ summary: "The cycle's scores / 周期成绩", tags: ['cycles'] })
  scores(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.cycles.scores(id, principal);
  }

  @Get(':id/calibration')
  @RequirePermission(Permission.CyclesRead)
  @ApiOperation({
    summary: 'Calibration: scores normalised per reviewer, distribution against quotas / 校准视图',
    tags: ['cycles'],
  })
  calibrationView(
    @Param('id') id: string,
    @ValidQuery(calibrationQuerySchema) query: CalibrationQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.calibration.view(id, query.quotas, principal);
  }

  @Post(':id/accounts/:accountId/dispute')
  @HttpCode(201)
  @RequirePermission(Permission.ScoresDispute)
  @ApiOperation({ summary: 'Dispute a score with a reason / 成绩申诉', tags: ['cycles'] })
  dispute(
    @Param('id') id: string,
    @Param('accountId') accountId: string,
    @ValidBody(disputeSchema) body: Dispute,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.disputes.open(id, accountId, body, principal);
  }
}
