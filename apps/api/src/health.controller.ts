import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiOperation, Public } from '@keyscore/http';
import { JobQueueService } from '@keyscore/queue';

const healthSchema = {
  type: 'object',
  properties: {
    status: { enum: ['ok', 'degraded'] },
    database: {
      type: 'object',
      properties: { status: { enum: ['up', 'down'] }, driver: { type: 'string' } },
    },
    redis: { type: 'object', properties: { status: { enum: ['up', 'down'] } } },
  },
} as const;

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueueService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Database and Redis status / 数据库与 Redis 状态',
    tags: ['system'],
    responses: {
      200: { description: 'All up', schema: healthSchema },
      503: { description: 'Something is down', schema: healthSchema },
    },
  })
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, redis] = await Promise.all([this.databaseUp(), this.queue.ping()]);
    const ok = database && redis;
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      database: { status: database ? 'up' : 'down', driver: this.dataSource.options.type },
      redis: { status: redis ? 'up' : 'down' },
    };
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
