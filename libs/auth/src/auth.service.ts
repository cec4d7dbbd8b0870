import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { AuditService } from '@keyscore/audit';
import {
  AdvisoryLock,
  isUniqueViolation,
  withAdvisoryLock,
  nowIso,
  UnitOfWork,
  type ApiKeyEntity,
  type Role,
  type UserEntity,
} from '@keyscore/persistence';
import { AuthErrorCode, AuthException } from './auth.exception';
import { AuthRepository } from './auth.repository';
import type { CreateUser } from './auth.schemas';
import { LoginRateLimit, LOGIN_WINDOW_SECONDS } from './login-rate-limit';
import { hashPassword, verifyPassword } from './password.util';
import { Permission, ROLE_PERMISSIONS } from './permission.constant';
import type { AccountScope, ApiKeyScope, Principal } from './principal';
import { newSecret, sha256Hex } from './secret.util';

/** A user as the API shows it: never the password hash. */
export function publicUser(user: UserEntity) {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

/** Sign-in, sessions, users, and turning a token or API key into a Principal. */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly repository: AuthRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly rateLimit: LoginRateLimit,
  ) {}

  /** ADMIN_EMAIL / ADMIN_PASSWORD: the first admin of a workspace that has none. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.initialAdmin;
    if (!admin) return;
    // api and worker processes may start together: one creates the admin, the others find it.
    await withAdvisoryLock(this.dataSource, AdvisoryLock.WorkspaceBootstrap, async () => {
      if ((await this.repository.countAdmins()) > 0 || (await this.repository.findUserByEmail(admin.email)))
        return;
      await this.createUser({
        email: admin.email,
        password: admin.password,
        role: 'admin',
        displayName: 'Administrator',
      }).catch((error: unknown) => {
        if (!(error instanceof AuthException && error.code === AuthErrorCode.DuplicateEmail)) throw error;
      });
    });
  }

  async login(
    email: string,
    password: string,
    ip: string,
  ): Promise<{ token: string; expiresAt: string; user: ReturnType<typeof publicUser> }> {
    if (await this.rateLimit.attempt(ip, email)) {
      throw new AuthException(AuthErrorCode.RateLimited, { minutes: LOGIN_WINDOW_SECONDS / 60 });
    }
    const user = await this.repository.findUserByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok || user.disabledAt) {
      throw new AuthException(AuthErrorCode.InvalidCredentials);
    }
    await this.rateLimit.reset(ip, email);
    const token = newSecret('kss');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlMinutes * 60_000).toISOString();
    // Through the write queue: on SQLite a bare write would join whatever transaction is open.
    await this.unitOfWork.transaction((manager) =>
      this.repository.insertSession(manager, {
        id: randomUUID(),
        tokenHash: sha256Hex(token),
        userId: user.id,
        expiresAt,
        revokedAt: null,
        createdAt: now.toISOString(),
      }),
    );
    return { token, expiresAt, user: publicUser(user) };
  }

  async logout(token: string): Promise<void> {
    await this.unitOfWork.transaction((manager) =>
      this.repository.revokeSession(manager, sha256Hex(token), nowIso()),
    );
  }

  /** A session token (`kss_…`) or API key (`ksk_…`) → who is calling, or null when it is not valid. */
  async authenticate(token: string, via: 'bearer' | 'cookie'): Promise<Principal | null> {
    const now = nowIso();
    if (token.startsWith('kss_')) {
      const session = await this.repository.findLiveSession(sha256Hex(token), now);
      const user = session && (await this.repository.findUser(session.userId));
      if (!user || user.disabledAt) return null;
      const permissions = new Set<Permission>(ROLE_PERMISSIONS[user.role]);
      return { kind: 'user', user, permissions, accounts: await this.accountScope(user), via };
    }
    if (token.startsWith('ksk_') && via === 'bearer') {
      const key = await this.repository.findApiKeyBySecretHash(sha256Hex(token));
      if (!key) return null;
      await this.unitOfWork.transaction((manager) => this.repository.touchApiKey(manager, key.id, now));
      const scopes = JSON.parse(key.scopes) as ApiKeyScope[];
      return {
        kind: 'api_key',
        key,
        scopes,
        permissions: new Set(scopes.map((s) => s.permission)),
        accounts: { all: true },
      };
    }
    return null;
  }

  private async accountScope(user: UserEntity): Promise<AccountScope> {
    if (user.role === 'admin' || user.role === 'viewer') return { all: true };
    if (!user.personId) return { all: false, personIds: [] };
    if (user.role === 'account_manager') return { all: false, personIds: [user.personId] };
    return {
      all: false,
      personIds: [user.personId, ...(await this.repository.directReports(user.personId))],
    };
  }

  async createUser(input: CreateUser) {
    if (input.personId && !(await this.repository.personExists(input.personId))) {
      throw new AuthException(AuthErrorCode.UnknownPerson, { value: input.personId }, '/body/personId');
    }
    const duplicate = () =>
      new AuthException(AuthErrorCode.DuplicateEmail, { value: input.email }, '/body/email');
    if (await this.repository.findUserByEmail(input.email)) throw duplicate();
    const now = nowIso();
    const user: UserEntity = {
      id: randomUUID(),
      email: input.email.toLowerCase(),
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      personId: input.personId ?? null,
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.unitOfWork
      .transaction(async (manager) => {
        await this.repository.insertUser(manager, user);
        await this.audit.record(manager, [
          { action: 'user.create', entityType: 'user', entityId: user.id, after: publicUser(user) },
        ]);
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? duplicate() : error;
      });
    return publicUser(user);
  }

  async listUsers() {
    return (await this.repository.listUsers()).map(publicUser);
  }

  /**
   * The active users whose role works tasks (whom a task may be delegated to): name and role only, as
   * anyone who works tasks may see them.
   */
  async listDelegates() {
    const roles = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) =>
      ROLE_PERMISSIONS[r].includes(Permission.TasksWork),
    );
    return (await this.repository.listUsers())
      .filter((u) => !u.disabledAt && roles.includes(u.role))
      .map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  }
}

/** An API key as the API shows it: never the secret or its hash. */
export function publicApiKey(key: ApiKeyEntity) {
  const { secretHash: _hash, scopes, ...rest } = key;
  return { ...rest, scopes: JSON.parse(scopes) as ApiKeyScope[] };
}
