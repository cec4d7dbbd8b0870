import type { ConsolePage } from '../console-page';
import { formDesignerPage } from './form-designer.page';
import { formsPage } from './forms.page';
import { surveysPage } from './surveys.page';

/** Forms and surveys: the form documents, the form designer, and customer survey campaigns. */
export const FORMS_SURVEYS_PAGES: readonly ConsolePage[] = [formsPage, formDesignerPage, surveysPage];
