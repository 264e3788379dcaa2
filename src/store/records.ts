/**
 * The records the store keeps, gathered from records/ (one file per concern). Times are epoch
 * milliseconds (numbers) in every adapter; phone numbers are E.164; ids the store assigns are numbers.
 */

export type * from './records/organization.ts';
export * from './records/campaign.ts';
export type * from './records/contact.ts';
export * from './records/attempt.ts';
export * from './records/callback.ts';
export type * from './records/agent-activity.ts';
export type * from './records/supervisor.ts';
export type * from './records/utilities.ts';
export * from './records/exports.ts';
export type * from './records/inbound.ts';
