// Generated from backend/openapi.json by `npm run api:generate`: do not edit. The rules of the
// backend's named request fields (components/schemas), for forms to check before sending.

export const descriptionRule = {
  maxLength: 10000,
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

export const passwordRule = {
  minLength: 8,
  maxLength: 1024,
} as const;

export const slugRule = {
  pattern: new RegExp("^[a-z0-9-]+$"),
  minLength: 1,
  maxLength: 100,
} as const;

export const usernameRule = {
  pattern: new RegExp("^[a-z0-9_-]+$"),
  minLength: 2,
  maxLength: 64,
} as const;
