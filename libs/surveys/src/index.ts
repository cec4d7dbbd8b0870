/**
 * @keyscore/surveys — forms filled in by signed-in users (drafts and submissions) and customer surveys:
 * account contacts, campaigns with personal links, the public survey page and its JSON twin, and the
 * roll-up of responses into metric values.
 */
export * from './survey-token.util';
export * from './link-state.util';
export * from './surveys.exception';
export * from './surveys.schemas';
export * from './surveys.repository';
export * from './published-forms.service';
export * from './public-surveys.service';
export * from './campaigns.service';
export * from './contacts.service';
export * from './form-submissions.service';
export * from './survey-rollups.service';
export * from './surveys.module';
