import { Controller, Get } from '@nestjs/common';
import { Permission, RequirePermission } from '@keyscore/auth';
import { ApiOperation, ValidQuery } from '@keyscore/http';
import { formulaCatalog } from './core/formula-catalog.util';
import { formulaCatalogQuerySchema, type FormulaCatalogQuery } from './dashboards.schemas';

/** What formula editors suggest: the formula functions and the fields of a dashboard dataset. */
@Controller('api/formula')
export class FormulaCatalogController {
  @Get('catalog')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({
    summary:
      "Formula functions with signatures and descriptions, the datasets, and a dataset's fields / 公式函数（含签名与说明）、数据集及其字段",
    tags: ['dashboards'],
  })
  catalog(@ValidQuery(formulaCatalogQuerySchema) query: FormulaCatalogQuery) {
    return formulaCatalog(query.dataset ?? null);
  }
}
