import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody } from '@keyscore/http';
import { ConnectorsService } from './connectors.service';
import {
  createConnectorSchema,
  setConnectorSecretSchema,
  updateConnectorSchema,
  type CreateConnector,
  type SetConnectorSecret,
  type UpdateConnector,
} from './connectors.schemas';

const tags = ['connectors'];

@Controller('api/connectors')
@RequirePermission(Permission.ConnectorsManage)
export class ConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  @Get()
  @ApiOperation({ summary: 'Pull connectors (never their secrets) / 拉取连接器列表', tags })
  list() {
    return this.connectors.list();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Create a pull connector; its URL must resolve to public addresses unless CONNECTOR_ALLOWLIST permits / 新建拉取连接器',
    tags,
  })
  create(@ValidBody(createConnectorSchema) body: CreateConnector, @CurrentPrincipal() principal: Principal) {
    return this.connectors.create(
      body,
      principal.kind === 'user' ? principal.user.id : principal.key.createdBy,
    );
  }

  @Get(':key')
  @ApiOperation({ summary: 'A pull connector and its schedule / 查看拉取连接器', tags })
  get(@Param('key') key: string) {
    return this.connectors.get(key);
  }

  @Put(':key')
  @ApiOperation({ summary: 'Replace a pull connector document (audited) / 更新拉取连接器', tags })
  update(@Param('key') key: string, @ValidBody(updateConnectorSchema) body: UpdateConnector) {
    return this.connectors.update(key, body);
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a pull connector and its schedule / 删除拉取连接器', tags })
  async remove(@Param('key') key: string) {
    await this.connectors.remove(key);
  }

  @Post(':key/secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set the auth header secret; it is never shown again / 设置认证密钥（之后不再显示）',
    tags,
  })
  setSecret(@Param('key') key: string, @ValidBody(setConnectorSecretSchema) body: SetConnectorSecret) {
    return this.connectors.setSecret(key, body);
  }

  @Post(':key/dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Fetch the first page and preview the mapped rows and item errors; writes nothing / 试运行（不写入）',
    tags,
  })
  dryRun(@Param('key') key: string) {
    return this.connectors.dryRun(key);
  }

  @Post(':key/run')
  @HttpCode(202)
  @ApiOperation({ summary: 'Pull now (a job on the connectors queue) / 立即拉取', tags })
  run(@Param('key') key: string) {
    return this.connectors.run(key);
  }

  @Get(':key/runs')
  @ApiOperation({ summary: 'Recent runs: status, attempts, rows, error / 运行记录', tags })
  runs(@Param('key') key: string) {
    return this.connectors.runs(key);
  }
}
