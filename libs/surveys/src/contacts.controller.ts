import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody } from '@keyscore/http';
import { ContactsService } from './contacts.service';
import { createContactSchema, type CreateContact } from './surveys.schemas';

@Controller('api/accounts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post(':id/contacts')
  @HttpCode(201)
  @RequirePermission(Permission.AccountsWrite)
  @ApiOperation({ summary: 'Add a contact to an account / 新增客户联系人', tags: ['surveys'] })
  create(
    @Param('id') id: string,
    @ValidBody(createContactSchema) body: CreateContact,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.contacts.create(id, body, principal);
  }

  @Get(':id/contacts')
  @RequirePermission(Permission.AccountsRead)
  @ApiOperation({ summary: "An account's contacts / 客户联系人", tags: ['surveys'] })
  list(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.contacts.list(id, principal);
  }
}
