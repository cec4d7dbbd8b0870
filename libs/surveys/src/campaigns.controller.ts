import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody } from '@keyscore/http';
import { CampaignsService } from './campaigns.service';
import { createCampaignSchema, type CreateCampaign } from './surveys.schemas';

@Controller('api/surveys/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.SurveysManage)
  @ApiOperation({
    summary: 'Create a customer survey campaign (draft) / 新建客户满意度调查',
    tags: ['surveys'],
  })
  create(@ValidBody(createCampaignSchema) body: CreateCampaign, @CurrentPrincipal() principal: Principal) {
    return this.campaigns.create(body, principal);
  }

  @Get()
  @RequirePermission(Permission.SurveysManage)
  @ApiOperation({ summary: 'Survey campaigns / 满意度调查列表', tags: ['surveys'] })
  list() {
    return this.campaigns.list();
  }

  @Get(':id')
  @RequirePermission(Permission.SurveysManage)
  @ApiOperation({
    summary:
      'A campaign: response rate, per-account counts and results (withheld below the minimum) / 调查详情',
    tags: ['surveys'],
  })
  get(@Param('id') id: string) {
    return this.campaigns.get(id);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @RequirePermission(Permission.SurveysManage)
  @ApiOperation({
    summary:
      'Launch: one personal link per contact, returned only in this answer / 发起调查（个人链接仅在此返回一次）',
    tags: ['surveys'],
  })
  launch(@Param('id') id: string) {
    return this.campaigns.launch(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(Permission.SurveysManage)
  @ApiOperation({ summary: 'Close: the links stop working / 结束调查', tags: ['surveys'] })
  close(@Param('id') id: string) {
    return this.campaigns.close(id);
  }
}
