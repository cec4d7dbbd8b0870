import { Controller, Get } from '@nestjs/common';
import type { FromSchema } from 'json-schema-to-ts';
import { AuditService } from '@keyscore/audit';
import { Permission, RequirePermission } from '@keyscore/auth';
import { ApiOperation, ValidQuery } from '@keyscore/http';

const auditQuerySchema = {
  $id: 'keyscore:audit-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    entityType: { type: 'string', maxLength: 64 },
    entityId: { type: 'string', maxLength: 200 },
    actorId: { type: 'string', maxLength: 64 },
    action: { type: 'string', maxLength: 64 },
    afterSeq: { type: 'integer', minimum: 0, description: 'Continue after this entry (paging forward).' },
    beforeSeq: {
      type: 'integer',
      minimum: 1,
      description: 'Continue before this entry (paging back, with order=desc).',
    },
    order: {
      type: 'string',
      enum: ['asc', 'desc'],
      default: 'asc',
      description: 'asc: oldest first; desc: newest first.',
    },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const;
type AuditQuery = FromSchema<typeof auditQuerySchema>;

/** The audit log, read-only: entries in order, and a verification of the whole hash chain. */
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({
    summary: 'Audit log entries, oldest first (or newest with order=desc) / 审计日志',
    tags: ['audit'],
  })
  list(@ValidQuery(auditQuerySchema) query: AuditQuery) {
    return this.audit.list(query);
  }

  @Get('verify')
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: 'Verify the hash chain / 校验审计链', tags: ['audit'] })
  verify() {
    return this.audit.verify();
  }
}
