// Generated from backend/openapi.json by `npm run api:generate`: do not edit. The rules of the
// backend's named request fields (components/schemas), for forms to check before sending.

export const apiKeyNameRule = {
  minLength: 1,
  maxLength: 100,
} as const;

export const auditRetentionDaysRule = {
  minimum: 1,
  maximum: 36500,
} as const;

export const changeNoteRule = {
  maxLength: 2000,
} as const;

export const commentRule = {
  minLength: 1,
  maxLength: 10000,
} as const;

export const descriptionRule = {
  maxLength: 10000,
} as const;

export const displayNameRule = {
  maxLength: 200,
} as const;

export const emailRule = {
  pattern: new RegExp("^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$"),
  maxLength: 254,
} as const;

export const labelRule = {
  pattern: new RegExp("^[a-z][a-z0-9_-]{0,39}$"),
} as const;

export const nameRule = {
  minLength: 1,
  maxLength: 200,
} as const;

export const objectiveTitleRule = {
  minLength: 1,
  maxLength: 500,
} as const;

export const passwordRule = {
  minLength: 8,
  maxLength: 1024,
} as const;

export const policyContentRule = {
  minLength: 1,
  maxLength: 20000,
} as const;

export const priorityRule = {
  minimum: -2147483648,
  maximum: 2147483647,
} as const;

export const rejectionReasonRule = {
  minLength: 1,
  maxLength: 2000,
} as const;

export const retentionDaysRule = {
  minimum: 1,
  maximum: 3650,
} as const;

export const slugRule = {
  pattern: new RegExp("^[a-z0-9-]+$"),
  minLength: 1,
  maxLength: 100,
} as const;

export const stepIdRule = {
  pattern: new RegExp("^[A-Za-z_][A-Za-z0-9_]{0,63}$"),
} as const;

export const tagRule = {
  minLength: 1,
  maxLength: 50,
} as const;

export const tagsRule = {
  maxItems: 20,
} as const;

export const templateRule = {
  maxLength: 100000,
} as const;

export const usernameRule = {
  pattern: new RegExp("^[a-z0-9_-]+$"),
  minLength: 2,
  maxLength: 64,
} as const;

export const versionLabelRule = {
  minLength: 1,
  maxLength: 50,
} as const;

export const webhookDescriptionRule = {
  maxLength: 200,
} as const;
