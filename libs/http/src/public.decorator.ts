import { SetMetadata } from '@nestjs/common';

/** Where a route's access declaration lives: a permission name, or PUBLIC. Read by the auth guard. */
export const PERMISSION_METADATA = 'keyscore:permission';
export const PUBLIC = 'public';

export const AUTHENTICATED = 'authenticated';

/** A route any signed-in user or API key may call, whatever its permissions (e.g. "who am I"). */
export const Authenticated = () => SetMetadata(PERMISSION_METADATA, AUTHENTICATED);

/** A route anyone may call (sign-in, health, docs, public survey links). */
export const Public = () => SetMetadata(PERMISSION_METADATA, PUBLIC);
