import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody } from '@keyscore/http';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { createWebhookEndpointSchema, type CreateWebhookEndpoint } from './webhooks.schemas';

@Controller('api/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @RequirePermission(Permission.WebhooksManage)
  @ApiOperation({ summary: 'Webhook endpoints (never their secrets) / Webhook 端点列表', tags: ['webhooks'] })
  list() {
    return this.endpoints.list();
  }

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.WebhooksManage)
  @ApiOperation({
    summary:
      'Create a webhook endpoint; the signing secret is shown once / 新建 Webhook 端点（签名密钥只显示一次）',
    tags: ['webhooks'],
    responses: { 201: { description: 'Created, with `secret`' } },
  })
  create(
    @ValidBody(createWebhookEndpointSchema) body: CreateWebhookEndpoint,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.endpoints.create(
      body,
      principal.kind === 'user' ? principal.user.id : principal.key.createdBy,
    );
  }

  @Post(':key/rotate')
  @HttpCode(200)
  @RequirePermission(Permission.WebhooksManage)
  @ApiOperation({
    summary:
      'Rotate the signing secret: the new one is shown once, the previous one verifies for 24 h more / 轮换签名密钥（旧密钥继续有效 24 小时）',
    tags: ['webhooks'],
  })
  rotate(@Param('key') key: string) {
    return this.endpoints.rotate(key);
  }

  @Post(':key/finish-rotation')
  @HttpCode(200)
  @RequirePermission(Permission.WebhooksManage)
  @ApiOperation({
    summary: 'Finish a rotation: the previous secret stops verifying now / 结束轮换（旧密钥立即失效）',
    tags: ['webhooks'],
  })
  finishRotation(@Param('key') key: string) {
    return this.endpoints.finishRotation(key);
  }
}
