import { Injectable } from '@nestjs/common';
import type { AssigneeRule, TransitionContext } from '@keyscore/workflow';
import { WorkflowRepository } from './workflow.repository';

/** How long a directory snapshot serves assignee rules; a change in reporting lines shows within this. */
const SNAPSHOT_TTL_MS = 5000;

type Snapshot = Awaited<ReturnType<WorkflowRepository['directorySnapshot']>>;

interface Directory {
  managerOf: Map<string, string | null>;
  departmentOf: Map<string, string>;
  userOfPerson: Map<string, string>;
  personOfUser: Map<string, string>;
  headOfDepartment: Map<string, string>;
  reviewersOfDepartment: Map<string, string[]>;
  admins: string[];
}

/**
 * Resolves assignee rules (the account's manager, their manager, the department head, the calibration
 * committee, admins) to user ids for the pure core. Work whose rule finds no user goes to the admins, so
 * a task is never assigned to nobody.
 */
@Injectable()
export class AssigneeDirectory {
  private cached: { at: number; directory: Promise<Directory> } | null = null;

  constructor(private readonly repository: WorkflowRepository) {}

  /** The context for a transition of an instance about the account manager `managerPersonId`. */
  async context(managerPersonId: string | null): Promise<TransitionContext> {
    const d = await this.directory();
    const users = (personIds: (string | null | undefined)[]) =>
      personIds.map((p) => (p ? d.userOfPerson.get(p) : undefined)).filter((u): u is string => !!u);
    const orAdmins = (found: string[]) => (found.length ? [...new Set(found)] : d.admins);
    const manager = managerPersonId ? d.managerOf.get(managerPersonId) : null;
    const department = managerPersonId ? d.departmentOf.get(managerPersonId) : undefined;
    const resolve = (rule: AssigneeRule): readonly string[] => {
      if ('userId' in rule) return [rule.userId];
      switch (rule.relation) {
        case 'account_manager':
          return orAdmins(users([managerPersonId]));
        case 'manager_of_account_manager':
          return orAdmins(users([manager]));
        case 'department_head':
          return orAdmins(users([department ? d.headOfDepartment.get(department) : undefined]));
        case 'calibration_committee':
          return orAdmins([
            ...users([department ? d.headOfDepartment.get(department) : undefined]),
            ...(department ? (d.reviewersOfDepartment.get(department) ?? []) : []),
          ]);
        case 'admin':
          return d.admins;
      }
    };
    const managerOf = (userId: string): string | null => {
      const person = d.personOfUser.get(userId);
      const boss = person ? d.managerOf.get(person) : null;
      return (boss && d.userOfPerson.get(boss)) || d.admins[0] || null;
    };
    return { resolve, managerOf };
  }

  private directory(): Promise<Directory> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > SNAPSHOT_TTL_MS) {
      const directory = this.repository.directorySnapshot().then(index);
      directory.catch(() => (this.cached = null));
      this.cached = { at: now, directory };
    }
    return this.cached.directory;
  }
}

function index({ people, users }: Snapshot): Directory {
  const managerOf = new Map(people.map((p) => [p.id, p.managerId]));
  const departmentOf = new Map(people.map((p) => [p.id, p.departmentId]));
  const userOfPerson = new Map<string, string>();
  const personOfUser = new Map<string, string>();
  for (const u of users) {
    if (!u.personId) continue;
    userOfPerson.set(u.personId, u.id);
    personOfUser.set(u.id, u.personId);
  }
  // A department's head: its person with no manager inside the department (lowest employee number first).
  const headOfDepartment = new Map<string, string>();
  for (const p of [...people].sort((a, b) => a.employeeNo.localeCompare(b.employeeNo))) {
    const boss = p.managerId ? departmentOf.get(p.managerId) : undefined;
    if (boss !== p.departmentId && !headOfDepartment.has(p.departmentId))
      headOfDepartment.set(p.departmentId, p.id);
  }
  const reviewersOfDepartment = new Map<string, string[]>();
  for (const u of users) {
    const department = u.role === 'reviewer' && u.personId ? departmentOf.get(u.personId) : undefined;
    if (department)
      reviewersOfDepartment.set(department, [...(reviewersOfDepartment.get(department) ?? []), u.id]);
  }
  // Oldest first (as the snapshot is ordered), so "an admin" is always the same person, the first one.
  const admins = users.filter((u) => u.role === 'admin').map((u) => u.id);
  return {
    managerOf,
    departmentOf,
    userOfPerson,
    personOfUser,
    headOfDepartment,
    reviewersOfDepartment,
    admins,
  };
}
