import { SetMetadata } from '@nestjs/common';
import type { JobName } from './queue-name.constant';

export const JOB_HANDLER_METADATA = 'keyscore:job-handler';

/** Marks a provider method as the handler of one job name; discovered when the worker boots. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_METADATA, name);
