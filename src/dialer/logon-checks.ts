import type { Clock } from '../clock/clock.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { ResultCode } from '../pom/result-codes.ts';
import { verifyDummyPassword, verifyPassword } from '../store/password.ts';
import type { Store } from '../store/store.ts';
import { isTimeZone } from './compliance/calling-window.ts';

export interface LogonRequest {
  agentId: string;
  ext: string;
  pwd: string;
  isForce: boolean;
  locale: string;
  timeZone: string;
  zoneName: string;
}

/**
 * Who may log on: AGTLogon's checks, in POM's order, and the result code of the first that fails (0: all
 * pass). A resumed session (AGTResumeLogon) skips the password, checked when the session began.
 */
export async function checkLogon(
  deps: { store: Store; clock: Clock; throttle: LoginThrottle; isLoggedOn(agentId: string): boolean },
  { agentId, ext, pwd, isForce, locale, timeZone, zoneName }: LogonRequest,
  resumed = false,
): Promise<number> {
  const { store, clock, throttle } = deps;
  const record = await store.agents.findByAgentId(agentId);
  if (resumed) return record?.enabled ? checkPlace(store, record.skills.length, { ext, locale, timeZone, zoneName }) : ResultCode.AuthenticationFailed;
  // Failed logons are throttled per agent ID (docs/security.md): while locked out, 17 without a check.
  const attempt = { name: agentId };
  if (throttle.check(attempt, clock.now())) return ResultCode.AuthenticationFailed;
  // An unknown agent costs the same scrypt verification as a wrong password; its code stays 2 (protocol.md §4.1).
  const passwordOk = record ? verifyPassword(pwd, record.passwordHash) : verifyDummyPassword(pwd);
  if (!record || !passwordOk || !record.enabled) {
    throttle.fail(attempt, clock.now());
    return record ? ResultCode.AuthenticationFailed : ResultCode.NotRegistered;
  }
  throttle.succeed(attempt, clock.now());
  if (deps.isLoggedOn(agentId) && !isForce) return ResultCode.AlreadyLoggedIn;
  return checkPlace(store, record.skills.length, { ext, locale, timeZone, zoneName });
}

/** The checks after who the agent is: skills, locale, time zone, zone, extension. */
async function checkPlace(store: Store, skills: number, { ext, locale, timeZone, zoneName }: Pick<LogonRequest, 'ext' | 'locale' | 'timeZone' | 'zoneName'>): Promise<number> {
  if (skills === 0) return ResultCode.SkillsNotFound;
  if (!locale) return ResultCode.InvalidLocale;
  if (!timeZone || !isTimeZone(timeZone)) return ResultCode.InvalidTimezone;
  const zones = await store.organizations.listZones();
  if (!zones.some((z) => z.name === zoneName)) return ResultCode.ZoneNotFound;
  if (!ext) return ResultCode.InvalidArgument;
  return 0;
}
