/** How long sessions last and how failed sign-ins are throttled (set from the environment in src/config.ts). */
export interface AccountSettings {
  /** A session ends after this long without a request. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  absoluteHours: number;
  /** Failed sign-ins for one address before it is locked. */
  maxFailures: number;
  lockMinutes: number;
}

export const defaultAccountSettings: AccountSettings = { idleMinutes: 120, absoluteHours: 12, maxFailures: 5, lockMinutes: 15 };
