import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { DirectoryService } from './directory.service';
import {
  createAccountSchema,
  createDepartmentSchema,
  createPersonSchema,
  listAccountsQuerySchema,
  type CreateAccount,
  type CreateDepartment,
  type CreatePerson,
  type ListAccountsQuery,
} from './directory.schemas';

@Controller('api')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('departments')
  @RequirePermission(Permission.DirectoryRead)
  @ApiOperation({ summary: 'List departments / 部门列表', tags: ['directory'] })
  listDepartments() {
    return this.directory.listDepartments();
  }

  @Post('departments')
  @RequirePermission(Permission.DirectoryWrite)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a department / 新建部门',
    tags: ['directory'],
    responses: { 201: { description: 'Created' } },
  })
  createDepartment(@ValidBody(createDepartmentSchema) body: CreateDepartment) {
    return this.directory.createDepartment(body);
  }

  @Get('people')
  @RequirePermission(Permission.DirectoryRead)
  @ApiOperation({ summary: 'List people / 人员列表', tags: ['directory'] })
  listPeople() {
    return this.directory.listPeople();
  }

  @Post('people')
  @RequirePermission(Permission.DirectoryWrite)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a person / 新建人员',
    tags: ['directory'],
    responses: { 201: { description: 'Created' } },
  })
  createPerson(@ValidBody(createPersonSchema) body: CreatePerson) {
    return this.directory.createPerson(body);
  }

  @Get('accounts')
  @RequirePermission(Permission.AccountsRead)
  @ApiOperation({ summary: 'List key accounts / 大客户列表', tags: ['accounts'] })
  async listAccounts(
    @ValidQuery(listAccountsQuerySchema) query: ListAccountsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    // ajv has filled limit and offset from the schema's defaults.
    const { items, total } = await this.directory.listAccounts(query, principal.accounts);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  @Post('accounts')
  @RequirePermission(Permission.AccountsWrite)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a key account / 新建大客户',
    tags: ['accounts'],
    responses: { 201: { description: 'Created' } },
  })
  createAccount(@ValidBody(createAccountSchema) body: CreateAccount) {
    return this.directory.createAccount(body);
  }

  @Get('accounts/:id')
  @RequirePermission(Permission.AccountsRead)
  @ApiOperation({ summary: 'One key account with its team / 客户详情', tags: ['accounts'] })
  getAccount(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.directory.getAccount(id, principal.accounts);
  }
}
